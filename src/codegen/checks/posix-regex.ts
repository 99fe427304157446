import { Untranslatable } from './untranslatable.js';

/**
 * A POSIX regular expression (PostgreSQL's ARE subset that means the same in JavaScript) as the source of a
 * JavaScript RegExp: literals, `.`, anchors, quantifiers, groups, alternation, escapes of punctuation and
 * bracket expressions with ranges and [:alpha:]-style classes. Anything else (back references, \m, …) is refused.
 */
export function posixRegexToJs(pattern: string): string {
  const CLASSES: Record<string, string> = {
    space: '\\s',
    digit: '0-9',
    alpha: 'A-Za-z',
    alnum: 'A-Za-z0-9',
    upper: 'A-Z',
    lower: 'a-z',
    xdigit: '0-9A-Fa-f',
  };
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) throw new Untranslatable(`the regular expression escape \\${next ?? ''}`);
      out += '\\' + next;
      i += 2;
    } else if (ch === '[') {
      let j = i + 1;
      let body = '';
      if (pattern[j] === '^') {
        body += '^';
        j++;
      }
      if (pattern[j] === ']') {
        body += '\\]';
        j++;
      }
      while (j < pattern.length && pattern[j] !== ']') {
        if (pattern.startsWith('[:', j)) {
          const end = pattern.indexOf(':]', j);
          const name = end < 0 ? '' : pattern.slice(j + 2, end);
          const cls = CLASSES[name];
          if (!cls) throw new Untranslatable(`the character class [:${name}:]`);
          body += cls;
          j = end + 2;
        } else if (pattern[j] === '\\' || pattern[j] === '[') {
          throw new Untranslatable('an escape inside a bracket expression');
        } else {
          const c = pattern[j]!;
          body += /[\]\\^/]/.test(c) ? '\\' + c : c;
          j++;
        }
      }
      if (j >= pattern.length) throw new Untranslatable('an unterminated bracket expression');
      out += `[${body}]`;
      i = j + 1;
    } else if (ch === '/') {
      out += '\\/';
      i++;
    } else if (ch === '{') {
      const match = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (!match) throw new Untranslatable('a brace that is not a bound');
      out += match[0];
      i += match[0].length;
    } else if (ch === '(' && pattern[i + 1] === '?') {
      throw new Untranslatable('a (?…) group');
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
