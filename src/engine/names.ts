/** A container from a listing, by the name the docker CLI shows (without the leading "/"). */
export function listedName(container: { Names?: string[]; Id: string }): string {
  return (container.Names?.[0] ?? container.Id.slice(0, 12)).replace(/^\//, '');
}
