/*
 * oxc-parser recurses on the native stack without a guard (oxc-project/oxc#24375): a few thousand
 * levels of nesting end the whole process with SIGSEGV, which no try/catch sees. Measured with
 * oxc-parser 0.154 on the 8 MB main-thread stack: 5,000 levels of template literals, 5,700 of
 * parentheses or arrays, 5,900 of nested generic types, 10,000 of arrows, 12,000 of `else if`
 * or ternaries, 16,000 of unary operators or assignments, between 20,000 and 100,000 of `+`; a
 * 4 MB worker thread holds about half (2,500 template literals, 3,000 generic types). Files whose
 * nesting may come near that are parsed by typescript-estree, which throws a catchable
 * RangeError instead.
 *
 * The estimate below is an upper bound of the nesting depth, made in one pass over the text:
 * open brackets, plus, at each open bracket, the operators and chain keywords since the last `;`
 * or `,` (or the last line that ended a statement) at that level. Strings, comments, template
 * text and regular expressions are skipped so that a `)` inside them does not lower the count.
 * Real code stays far below the limit; a file over it is parsed more slowly, never wrongly.
 */

const OPERATORS = new Set("?=!~+-*/%&|^<>.:@".split("").map((character) => character.charCodeAt(0)));
/** After these a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set("(,=:[!&|?{};~+-*%<>^".split("").map((character) => character.charCodeAt(0)));
/** Words after which an expression goes on (unary operators, `else`, relational and type operators). */
const CHAIN_WORDS = new Set(["await", "case", "delete", "do", "else", "extends", "in", "instanceof", "keyof", "new", "of", "return", "throw", "typeof", "void", "yield", "as", "satisfies", "infer", "readonly", "unique", "is", "asserts"]);

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const APOSTROPHE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const ASTERISK = 42;
const COMMA = 44;
const SLASH = 47;
const SEMICOLON = 59;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Whether the nesting of `text` may exceed `limit` levels (see above). */
export function nestingMayExceed(text: string, limit: number): boolean {
  // Per open bracket: the operators counted at its level, and whether it is a template's `${`.
  const chains: number[] = [0];
  const templates: boolean[] = [false];
  let total = 0; // Open brackets plus every count in `chains`.
  let previous = 0; // The last significant character (0 at the start).
  let word = ""; // The last word, when it is the last significant token.
  let lineEnded = false; // A line break after a token that can end a statement.
  const length = text.length;
  let index = 0;
  const count = (): boolean => {
    chains[chains.length - 1]!++;
    return ++total > limit;
  };
  // Skips a template's text from `index` (just after "`" or a `}` that closes `${`); true at `${`.
  const templateText = (): boolean => {
    while (index < length) {
      const character = text.charCodeAt(index++);
      if (character === BACKSLASH) index++;
      else if (character === BACKTICK) return false;
      else if (character === DOLLAR && text.charCodeAt(index) === OPEN_BRACE) {
        index++;
        return true;
      }
    }
    return false;
  };
  const reset = (): void => {
    total -= chains[chains.length - 1]!;
    chains[chains.length - 1] = 0;
  };
  const open = (template: boolean): boolean => {
    chains.push(0);
    templates.push(template);
    return ++total > limit;
  };

  while (index < length) {
    const character = text.charCodeAt(index);
    if (character === NEWLINE || character === CARRIAGE_RETURN || character === 0x2028 || character === 0x2029) {
      lineEnded ||= endsStatement(previous, word);
      index++;
      continue;
    }
    if (character <= 32 || character === 0xfeff || character === 0xa0) {
      index++;
      continue;
    }
    if (character === SLASH && text.charCodeAt(index + 1) === SLASH) {
      index = lineEnd(text, index);
      continue;
    }
    if (character === SLASH && text.charCodeAt(index + 1) === ASTERISK) {
      const end = text.indexOf("*/", index + 2);
      index = end < 0 ? length : end + 2;
      continue;
    }
    if (isWordCharacter(character)) {
      const start = index;
      while (index < length && isWordCharacter(text.charCodeAt(index))) index++;
      word = text.slice(start, index);
      previous = character;
      const chained = CHAIN_WORDS.has(word);
      // A line that starts with a word other than `else`, `in`, `as`... starts a statement (ASI).
      if (lineEnded && !chained) reset();
      lineEnded = false;
      if (chained && count()) return true;
      continue;
    }
    // So does a line that starts with a literal or a closing bracket, not with an operator or an opening bracket.
    if (lineEnded && !OPERATORS.has(character) && character !== COMMA && character !== OPEN_PAREN && character !== OPEN_BRACKET && character !== SLASH) reset();
    lineEnded = false;
    const afterWord = word;
    word = "";
    index++;
    if (character === QUOTE || character === APOSTROPHE) {
      index = stringEnd(text, index, character);
    } else if (character === BACKTICK) {
      if (templateText() && open(true)) return true;
    } else if (character === SLASH && (previous === 0 || BEFORE_REGEX.has(previous) || CHAIN_WORDS.has(afterWord))) {
      index = regexEnd(text, index);
    } else if (character === OPEN_PAREN || character === OPEN_BRACKET) {
      // A call or an index is a level of its own around what comes before it (`f()()`, `a[0][1]`).
      if (count() || open(false)) return true;
    } else if (character === OPEN_BRACE) {
      if (open(false)) return true;
    } else if (character === CLOSE_PAREN || character === CLOSE_BRACKET || character === CLOSE_BRACE) {
      if (chains.length > 1) {
        total -= chains.pop()! + 1;
        if (templates.pop() && templateText() && open(true)) return true;
      }
    } else if (character === SEMICOLON || character === COMMA) {
      reset();
    } else if (OPERATORS.has(character) && count()) {
      return true;
    }
    previous = character;
  }
  return false;
}

function isWordCharacter(character: number): boolean {
  return (character >= 97 && character <= 122) || (character >= 65 && character <= 90) || (character >= 48 && character <= 57) || character === UNDERSCORE || character === DOLLAR || character === HASH || character > 127;
}

/** A line break after a word, a literal or a closing bracket may end a statement; after an operator it does not. */
function endsStatement(previous: number, word: string): boolean {
  if (word !== "") return !CHAIN_WORDS.has(word);
  return previous === CLOSE_PAREN || previous === CLOSE_BRACKET || previous === CLOSE_BRACE || previous === QUOTE || previous === APOSTROPHE || previous === BACKTICK || previous === SLASH;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

/** The index after a string that opened before `from`; an unclosed string ends at the line's end. */
function stringEnd(text: string, from: number, quote: number): number {
  let index = from;
  while (index < text.length) {
    const character = text.charCodeAt(index);
    if (character === BACKSLASH) index += 2;
    else if (character === quote) return index + 1;
    else if (character === NEWLINE || character === CARRIAGE_RETURN) return index;
    else index++;
  }
  return index;
}

/** The index after a regular expression's body and flags (the opening `/` is before `from`). */
function regexEnd(text: string, from: number): number {
  let index = from;
  let inClass = false;
  while (index < text.length) {
    const character = text.charCodeAt(index);
    if (character === BACKSLASH) index += 2;
    else if (character === NEWLINE || character === CARRIAGE_RETURN) return index;
    else {
      index++;
      if (character === OPEN_BRACKET) inClass = true;
      else if (character === CLOSE_BRACKET) inClass = false;
      else if (character === SLASH && !inClass) break;
    }
  }
  while (index < text.length && isWordCharacter(text.charCodeAt(index))) index++;
  return index;
}
