/**
 * "Your engine, drawn": the chain the lessons teach (CLI → API → dockerd → containerd → a shim and
 * runc per container → the containers), filled in with what the learner's engine reports. Pure:
 * lines for a width; box-drawing characters carry the picture, colours only help.
 */
import type { EngineMap } from '../../app/api.js';
import { sanitizeTerminalText as clean } from '../sanitize.js';
import { lineWidth, span, textWidth, truncateLine, type Line } from '../text/lines.js';

/** Containers drawn at most; the rest are counted. */
export const MAX_CONTAINERS = 6;

/** Where the connectors run: the column of the ▼ and ┬ on the boxes' borders. */
const WIRE = 4;
const MARGIN = ' ';

export function enginePictureLines(map: EngineMap, width: number): Line[] {
  const w = Math.max(30, width);
  const { running, stopped, paused } = map.containers;
  const boxes: Array<{ label: Line; notes: string[]; wire?: string }> = [
    {
      label: [span('docker CLI', { bold: true }), span(' (client)')],
      notes: ['turns your commands into API requests', '(docker-dojo is a client too)'],
      wire: `REST API over ${clean(map.endpoint)}`,
    },
    {
      label: [span('dockerd', { bold: true }), span(` ${clean(map.server.version)} (API ${clean(map.server.apiVersion)})`)],
      notes: [
        `containers: ${running} running, ${stopped} stopped${paused ? `, ${paused} paused` : ''}`,
        `images: ${map.images} · storage driver: ${clean(map.storageDriver)}`,
        `cgroup driver: ${clean(map.cgroupDriver)}`,
      ],
      wire: 'gRPC (the containerd API)',
    },
    {
      label: [span('containerd', { bold: true }), span(` ${clean(map.containerd)}`)],
      notes: [`default runtime: ${clean(map.defaultRuntime)}`, `runtimes: ${map.runtimes.map(clean).join(', ') || 'unknown'}`, `docker-init ${clean(map.dockerInit)}`],
    },
  ];

  // Box interior: as wide as the widest label, but never wider than the screen.
  const inner = Math.min(Math.max(...boxes.map((b) => lineWidth(b.label))), w - 5);
  const boxWidth = inner + 4;
  const notesAt = boxWidth + 3;
  const notesBeside = w - notesAt >= 24;
  const lines: Line[] = [];

  boxes.forEach((box, i) => {
    const rows = boxRows(box.label, inner, i > 0);
    if (notesBeside) {
      rows.forEach((row, r) => {
        const note = box.notes[r];
        lines.push(note ? [...row, span('  '), ...truncateLine([span(note, { dim: true })], w - notesAt)] : row);
      });
    } else {
      lines.push(...rows);
      // Too narrow for notes beside the box: they go under it, along the wire.
      for (const note of box.notes) lines.push(truncateLine([span(`${' '.repeat(WIRE)}│ `), span(note, { dim: true })], w));
    }
    if (box.wire) lines.push(truncateLine([span(' '.repeat(WIRE)), span('│ '), span(box.wire, { color: 'cyan' })], w));
  });

  const branches = containerLines(map, w);
  lines.push(...branches.lines);
  const legend = branches.short
    ? `shim = ${clean(map.shim)}; it stays, runc exits once the container runs.`
    : 'runc sets each container up, then exits; the shim stays as its parent.';
  lines.push(truncateLine([span(`${MARGIN}${legend}`, { dim: true })], w));
  return lines;
}

/** A box of three rows; `fed` draws the ▼ where the wire from above comes in. */
function boxRows(label: Line, inner: number, fed: boolean): Line[] {
  const across = inner + 2;
  const border = (left: string, mid: string, right: string) => span(`${MARGIN}${left}${'─'.repeat(WIRE - 2)}${mid}${'─'.repeat(across - (WIRE - 1))}${right}`);
  const body = truncateLine(label, inner);
  return [
    [border('┌', fed ? '▼' : '─', '┐')],
    [span(`${MARGIN}│ `), ...body, span(`${' '.repeat(inner - lineWidth(body))} │`)],
    [border('└', '┬', '┘')],
  ];
}

/** One branch per running container: its shim, runc, and the container itself. */
function containerLines(map: EngineMap, width: number): { lines: Line[]; short: boolean } {
  const stem = ' '.repeat(WIRE);
  if (map.running.length === 0) {
    return { lines: [truncateLine([span(`${stem}└─ `), span('no running containers: each one would get its own shim and runc', { dim: true })], width)], short: false };
  }
  const shown = map.running.slice(0, MAX_CONTAINERS);
  const more = map.running.length - shown.length;
  const runtime = map.defaultRuntime === 'runc' || map.defaultRuntime === 'io.containerd.runc.v2' ? `runc ${clean(map.runc)}` : clean(map.defaultRuntime);
  // The shim's full name when every container's name and image still fit beside it, else "shim".
  const full = `${clean(map.shim)} ─ ${runtime} ─▶ `;
  const widest = Math.max(...shown.map((c) => textWidth(`${clean(c.name)}  ${clean(c.image)}`)));
  const short = WIRE + 3 + textWidth(full) + widest > width;
  const chain = short ? `shim ─ ${runtime} ─▶ ` : full;
  const lines = shown.map((c, i) => {
    const last = i === shown.length - 1 && more === 0;
    const line = [span(`${stem}${last ? '└─ ' : '├─ '}`), span(chain), span(clean(c.name), { bold: true, color: 'cyan' }), span(`  ${clean(c.image)}`)];
    // The status ("up 5 minutes") only when it fits whole.
    const status = span(`  ${clean(c.status).toLowerCase()}`, { dim: true });
    return truncateLine(lineWidth([...line, status]) <= width ? [...line, status] : line, width);
  });
  if (more > 0) lines.push(truncateLine([span(`${stem}└─ `), span(`+${more} more running (docker ps lists them all)`, { dim: true })], width));
  return { lines, short };
}
