/** Replaces the password of every URL in `text` with `***`. Every printed URL goes through here. */
export function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)@/gi, '$1***@');
}
