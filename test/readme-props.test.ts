/**
 * Issue 22: the README has one props table per preset (prop, default, why), generated from the props
 * interfaces' doc comments by build-tools/props-tables.ts, so it cannot drift from the API.
 */
import * as fs from 'fs';
import { PRESET_PROPS, propsRows, README, readmeWithTables } from '../build-tools/props-tables';

describe('README props tables', () => {
  test('are what build-tools/props-tables.ts writes (run `npx projen props-tables` after changing a preset\'s props)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(readme).toBe(readmeWithTables(readme));
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
