// Where the screen lands in the photo: a flat rectangle turned in space, seen through a pinhole camera,
// then rotated in the picture. The photo is drawn backwards (from each photo pixel to the screen pixel it
// shows), so the homography between the two is kept both ways.

export type Point = readonly [number, number];
/** Top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly [Point, Point, Point, Point];
/** A 3×3 matrix, row by row. */
export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];

export interface View {
  /** Turn of the screen about its vertical axis (seen from the left or right). */
  readonly yawDeg: number;
  /** Turn about its horizontal axis (seen from above or below). */
  readonly pitchDeg: number;
  /** The phone held askew: the whole picture turns. */
  readonly rotationDeg: number;
  /** How much of the frame the framed part's outline fills at most, 0–1. */
  readonly fill: number;
  /**
   * The part of the screen the owner aims at, as fractions of the screen cut off each side: an owner photographs
   * the numbers up close, so the screen's edges (title bar, buttons, bezel) may fall outside the picture.
   * Absent: the whole screen.
   */
  readonly crop?: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  /** Where the framed part sits in the room the frame leaves it, -1…1 each way. */
  readonly offsetX: number;
  readonly offsetY: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

const DEG = Math.PI / 180;
// The camera stands about one and a half screen widths away: a phone held over a counter.
const DISTANCE_IN_WIDTHS = 1.6;

export function projectScreen(screen: Size, view: View, frame: Size): Quad {
  const corners: Point[] = [
    [-screen.width / 2, -screen.height / 2],
    [screen.width / 2, -screen.height / 2],
    [screen.width / 2, screen.height / 2],
    [-screen.width / 2, screen.height / 2],
  ];
  const crop = view.crop ?? { left: 0, top: 0, right: 0, bottom: 0 };
  const [l, t] = [-screen.width / 2 + crop.left * screen.width, -screen.height / 2 + crop.top * screen.height];
  const [r, b] = [screen.width / 2 - crop.right * screen.width, screen.height / 2 - crop.bottom * screen.height];
  const framed: Point[] = [
    [l, t],
    [r, t],
    [r, b],
    [l, b],
  ];
  const see = (c: Point) => rotate(perspective(c, screen.width, view), view.rotationDeg);
  return fitInFrame(corners.map(see), framed.map(see), view, frame);
}

function perspective([x, y]: Point, screenWidth: number, view: View): Point {
  const p = view.pitchDeg * DEG;
  const q = view.yawDeg * DEG;
  // Pitch first, then yaw, so the screen's horizontal middle line stays level before the picture's rotation.
  const y1 = y * Math.cos(p);
  const z1 = y * Math.sin(p);
  const x2 = x * Math.cos(q) + z1 * Math.sin(q);
  const z2 = -x * Math.sin(q) + z1 * Math.cos(q);
  const focal = screenWidth * DISTANCE_IN_WIDTHS;
  const depth = focal + z2;
  return [(focal * x2) / depth, (focal * y1) / depth];
}

function rotate([x, y]: Point, degrees: number): Point {
  const a = degrees * DEG;
  return [x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a)];
}

// Scaled and placed so the framed part's outline fills `fill` of the frame; the screen's corners may fall outside.
function fitInFrame(points: readonly Point[], framed: readonly Point[], view: View, frame: Size): Quad {
  const xs = framed.map((p) => p[0]);
  const ys = framed.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((frame.width * view.fill) / (maxX - minX), (frame.height * view.fill) / (maxY - minY));
  const spareX = frame.width - (maxX - minX) * scale;
  const spareY = frame.height - (maxY - minY) * scale;
  const left = (spareX / 2) * (1 + view.offsetX);
  const top = (spareY / 2) * (1 + view.offsetY);
  const placed = points.map(([x, y]): Point => [left + (x - minX) * scale, top + (y - minY) * scale]);
  return [placed[0] as Point, placed[1] as Point, placed[2] as Point, placed[3] as Point];
}

/** Angles in degrees of the screen's top and bottom edges in the photo: every text line lies between them. */
export function edgeAngles(quad: Quad): { top: number; bottom: number } {
  const angle = (a: Point, b: Point) => Math.atan2(b[1] - a[1], b[0] - a[0]) / DEG;
  return { top: angle(quad[0], quad[1]), bottom: angle(quad[3], quad[2]) };
}

/** The screen rectangle's corners, in the same order as a Quad. */
export function rectangle(size: Size): Quad {
  return [
    [0, 0],
    [size.width, 0],
    [size.width, size.height],
    [0, size.height],
  ];
}

/** The homography taking each corner of `from` to the same corner of `to`. */
export function homography(from: Quad, to: Quad): Matrix3 {
  const rows: number[][] = [];
  for (let i = 0; i < 4; i += 1) {
    const [x, y] = from[i] as Point;
    const [u, v] = to[i] as Point;
    rows.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    rows.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const h = solve(rows);
  return [h[0] ?? 0, h[1] ?? 0, h[2] ?? 0, h[3] ?? 0, h[4] ?? 0, h[5] ?? 0, h[6] ?? 0, h[7] ?? 0, 1];
}

/** Gaussian elimination with partial pivoting on an augmented n×(n+1) system. */
function solve(system: readonly number[][]): number[] {
  const n = system.length;
  const m = system.map((r) => [...r]);
  const row = (i: number) => m[i] as number[];
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(row(r)[col] ?? 0) > Math.abs(row(pivot)[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [row(pivot), row(col)];
    const pivotRow = row(col);
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const target = row(r);
      const factor = (target[col] ?? 0) / (pivotRow[col] ?? 1);
      for (let c = col; c <= n; c += 1) target[c] = (target[c] ?? 0) - factor * (pivotRow[c] ?? 0);
    }
  }
  return m.map((r, i) => (r[n] ?? 0) / (r[i] ?? 1));
}

export function applyMatrix(m: Matrix3, [x, y]: Point): Point {
  const w = m[6] * x + m[7] * y + m[8];
  return [(m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w];
}
