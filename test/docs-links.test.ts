/**
 * Issue 24: the README is the door and docs/ holds the deep dives; every relative link among them
 * (README.md, CONTRIBUTING.md, CHANGELOG.md, docs/*.md) reaches an existing file, and every #anchor a
 * heading of that file (GitHub's slugs).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const FILES = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).map(f => `docs/${f}`)];

/** GitHub's anchor of a heading. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
}

/** The lines of a markdown file outside fenced code. */
function prose(text: string): string[] {
  let fence = false;
  return text.split('\n').filter(l => {
    if (l.startsWith('```')) { fence = !fence; return false; }
    return !fence;
  });
}

function anchors(file: string): Set<string> {
  return new Set(prose(fs.readFileSync(path.join(ROOT, file), 'utf8')).map(l => /^#{1,6} (.*)$/.exec(l)?.[1]).filter((h): h is string => !!h).map(slug));
}

describe('links in the documentation', () => {
  test.each(FILES)('%s: every relative link and anchor resolves', file => {
    const broken: string[] = [];
    for (const line of prose(fs.readFileSync(path.join(ROOT, file), 'utf8'))) {
      for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) { continue; }
        const [p, anchor] = target.split('#');
        const resolved = p ? path.normalize(path.join(path.dirname(file), p)) : file;
        if (!fs.existsSync(path.join(ROOT, resolved))) { broken.push(`${target}: no file ${resolved}`); continue; }
        if (anchor !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) { broken.push(`${target}: no heading #${anchor} in ${resolved}`); }
      }
    }
    expect(broken).toEqual([]);
  });

  test('the README stays the door: at most about 400 lines, and it links every docs/ page', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(450);
    for (const page of FILES.filter(f => f.startsWith('docs/'))) { expect(readme).toContain(`](${page}`); }
  });
});
