/**
 * A container from a listing, by the name the docker CLI shows (without the leading "/"). A
 * container that is the target of `--link` is also listed under its aliases ("/client/web");
 * its own name is the one with a single leading slash, wherever it comes in the list.
 */
export function listedName(container: { Names?: string[]; Id: string }): string {
  const names = container.Names ?? [];
  const own = names.find((n) => !n.slice(1).includes('/')) ?? names[0];
  return (own ?? container.Id.slice(0, 12)).replace(/^\//, '');
}
