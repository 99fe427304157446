/**
 * Replaces every password a PostgreSQL connection string can carry in `text` with `***`. Every printed line
 * goes through here. Shapes covered: `scheme://user:pw@host` (the password may hold a raw `@`, `:` or a
 * space; the host is what follows the last `@`), the same without a scheme (`user:pw@host:5432/db`),
 * `?password=` / `&sslpassword=` in a query string, and libpq `key=value` strings (`password=pw`,
 * `password = 'my pw'`, `PGPASSWORD=pw`).
 */
export function redact(text: string): string {
  // Where a host ends: a port, a path, a query, a fragment, whitespace, a quote, punctuation or the end.
  const hostThenEnd = String.raw`@(?=[^\s@/?#"'\`]*(?:[:/?#\s"'\`,;)\]}>]|$))`;
  return (
    text
      // scheme://user:password@host — the password up to the @ that is followed by a host.
      .replace(new RegExp(String.raw`([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)(?:[^/\n\r]*?)${hostThenEnd}`, 'gi'), '$1***@')
      // user:password@host:port/db or user:password@host/db without a scheme.
      .replace(new RegExp(String.raw`(^|[\s"'\`=(<,])([\w.%+-]+:)(?!\*\*\*@)[^\s/]*?@(?=[\w.-]+(?::\d+)?\/)`, 'g'), '$1$2***@')
      // ?password=… or &sslpassword=… in a URL query string: up to the next & or #.
      .replace(/([?&](?:ssl)?password=)[^&#\s"'`]*/gi, '$1***')
      // libpq key=value: password=pw, password = 'quoted \' pw', PGPASSWORD=pw.
      .replace(/((?:^|[^\w?&])(?:pg)?(?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|[^\s'"`]+)/gi, '$1***')
  );
}
