import { ScrollFrame } from "./scroll-frame";

/**
 * The header row and frame every list table shares, so tables look alike. Server- and
 * client-safe (ScrollFrame is a client component a server page may render).
 */

/** The grey band over a dashboard table. */
export const tableHeadClass = "bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900";
/** A header without a band, for a table inside a card. */
export const plainTableHeadClass = "text-xs uppercase text-zinc-500";

/**
 * A column heading: its text (styled by the row's `cellClassName`), or a heading with a class
 * of its own (a centred count, a last column without padding, a visually hidden "Actions").
 */
export type TableColumn = string | { key: string; label: React.ReactNode; className?: string };

/** `<thead>` with one `<th scope="col">` per column. */
export function TableHead({
  columns,
  className,
  cellClassName,
}: {
  columns: TableColumn[];
  className?: string;
  cellClassName?: string;
}) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c, i) =>
          typeof c === "string" ? (
            <th key={i} scope="col" className={cellClassName}>
              {c}
            </th>
          ) : (
            <th key={c.key} scope="col" className={c.className}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/**
 * A list table in a ScrollFrame (it scrolls sideways on a phone): a caption for screen
 * readers, the banded header, then `children` (the rows), divided by rules.
 * `minWidth` is a Tailwind `min-w-[…]` class, below which the frame scrolls.
 */
export function FramedTable({
  label,
  caption,
  minWidth,
  columns,
  cellClassName = "whitespace-nowrap px-3 py-2",
  children,
}: {
  label: string;
  caption: React.ReactNode;
  minWidth?: string;
  columns: TableColumn[];
  cellClassName?: string;
  children: React.ReactNode;
}) {
  return (
    <ScrollFrame label={label}>
      <table className={minWidth ? `w-full ${minWidth} text-left text-sm` : "w-full text-left text-sm"}>
        <caption className="sr-only">{caption}</caption>
        <TableHead columns={columns} className={tableHeadClass} cellClassName={cellClassName} />
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </ScrollFrame>
  );
}
