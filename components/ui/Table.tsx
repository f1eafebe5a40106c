import type { ReactNode, ThHTMLAttributes, TdHTMLAttributes } from "react";

/** Dense tables with tabular numbers; wide ones scroll sideways on a phone instead of squashing. */
export function Table({ children, testId, className = "" }: { children: ReactNode; testId?: string; className?: string }) {
  return (
    <div className={`overflow-x-auto ${className}`}>
      <table data-testid={testId} className="w-full border-collapse text-left text-sm tabular-nums">
        {children}
      </table>
    </div>
  );
}

export function Th({ children, align = "left", className = "", ...rest }: ThHTMLAttributes<HTMLTableCellElement> & { align?: "left" | "right" | "center" }) {
  return (
    <th
      scope="col"
      className={`whitespace-nowrap border-b border-slate-200 bg-slate-50 px-2.5 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 ${align === "right" ? "text-right" : align === "center" ? "text-center" : "text-left"} ${className}`}
      {...rest}
    >
      {children}
    </th>
  );
}

export function Td({ children, align = "left", className = "", ...rest }: TdHTMLAttributes<HTMLTableCellElement> & { align?: "left" | "right" | "center" }) {
  return (
    <td
      className={`border-b border-slate-100 px-2.5 py-2 align-middle ${align === "right" ? "whitespace-nowrap text-right" : align === "center" ? "text-center" : "text-left"} ${className}`}
      {...rest}
    >
      {children}
    </td>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-8 text-center text-sm text-slate-500">
        {children}
      </td>
    </tr>
  );
}
