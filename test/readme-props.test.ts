/**
 * Issue 22: the README has one props table per preset (prop, default, why), generated from the props
 * interfaces' doc comments by build-tools/props-tables.ts, so it cannot drift from the API.
 */
import * as fs from 'fs';
import { docFiles, PRESET_PROPS, propsRows, tableFiles, withTables } from '../build-tools/props-tables';

describe('props tables in the documentation', () => {
  test('are what build-tools/props-tables.ts writes (run `npx projen props-tables` after changing a preset\'s props)', () => {
    const rows = propsRows();
    for (const f of docFiles()) {
      const text = fs.readFileSync(f, 'utf8');
      expect(withTables(text, rows)).toBe(text);
    }
  });

  test('each preset has its table in exactly one file', () => {
    expect([...tableFiles()].map(([name, files]) => [name, files.length])).toEqual(PRESET_PROPS.map(n => [n, 1]));
  });

  test('every own prop of each preset has a row with a default and a description', () => {
    const rows = propsRows();
    for (const name of PRESET_PROPS) {
      const table = rows.get(name)!;
      expect(table.length).toBeGreaterThan(3);
      for (const r of table) {
        const row = { name, prop: r.prop, hasDefault: r.def.length > 0, hasWhat: r.what.length > 10 };
        expect(row).toEqual({ name, prop: r.prop, hasDefault: true, hasWhat: true });
      }
    }
  });
});
