/** Replaces the password of every postgres URL in `text` with `***`. Every printed URL goes through here. */
export function redact(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)([^@\s]*)@/gi, '$1***@');
}
