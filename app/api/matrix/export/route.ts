import { matrixExportQuerySchema } from "@/lib/schemas/matrix";
import { formatMatrixCsv, formatMatrixJson, formatMatrixMarkdown } from "@/lib/server/matrix/export";
import { getMatrix } from "@/lib/server/matrix/service";
import { withRoute } from "@/lib/server/route";

const FORMATS = {
  json: { format: formatMatrixJson, type: "application/json; charset=utf-8", ext: "json" },
  csv: { format: formatMatrixCsv, type: "text/csv; charset=utf-8", ext: "csv" },
  markdown: { format: formatMatrixMarkdown, type: "text/markdown; charset=utf-8", ext: "md" },
} as const;

/** The current matrix as a download: `?format=json|csv|markdown` plus the matrix filters. */
export const GET = withRoute({ access: "viewer", query: matrixExportQuerySchema }, async ({ query }) => {
  const { format, ...filters } = query;
  const spec = FORMATS[format];
  const body = spec.format(await getMatrix(filters));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": spec.type,
      "content-disposition": `attachment; filename="switchyard-matrix-${day}.${spec.ext}"`,
      "cache-control": "no-store",
    },
  });
});
