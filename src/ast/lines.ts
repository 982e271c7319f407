/** The line terminators of ECMAScript, which ESTree's `loc` counts (`\r\n` is one). */
export const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
