/** A CHECK (or part of one) the generator does not express in zod: the message says what. */
export class Untranslatable extends Error {}
