import fs from "node:fs";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine as WasmSchemaEngine } from "@prisma/schema-engine-wasm";
import { createAdapter } from "./adapter";
import { databaseKind, type DatabaseKind } from "./url";

/**
 * Prisma's schema engine compiled to WebAssembly (npm `@prisma/schema-engine-wasm`, the
 * build that matches our `prisma` version), driven through the same driver adapters the
 * app queries with. Prisma 7's CLI only runs the native engine, which it downloads from
 * Prisma's binary server on first use; this lets migrations work on machines that cannot
 * reach it. See README, "Database and migrations".
 */
export type SchemaEngine = WasmSchemaEngine;

/** The project's prisma/ folder; functions take another one for tests. */
export const PRISMA_DIR = path.resolve(import.meta.dirname, "../../prisma");
export const modelsFile = (prismaDir: string) => path.join(prismaDir, "models.prisma");
/** The models as of the newest migration: what the next migration is diffed against. */
export const snapshotFile = (prismaDir: string) => path.join(prismaDir, "models.migrated.prisma");

export const noFilter = { externalTables: [], externalEnums: [] };

type Bindgen = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let wasmReady: Promise<Bindgen> | undefined;

/** Instantiates the WebAssembly module once per process (Node cannot `import` .wasm). */
function loadWasm(): Promise<Bindgen> {
  wasmReady ??= (async () => {
    const entry = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindgen = (await import(entry)) as Bindgen;
    const bytes = fs.readFileSync(new URL("./schema_engine_bg.wasm", entry));
    const { instance } = await WebAssembly.instantiate(bytes, {
      // wasm-bindgen's glue module is the import object the .wasm was built against; its
      // exports are typed as functions, not as WebAssembly.ModuleImports.
      "./schema_engine_bg.js": bindgen as unknown as WebAssembly.ModuleImports,
    });
    bindgen.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindgen;
  })();
  return wasmReady;
}

/** The datasource block + the shared models, as the engine wants them for one database kind. */
export function schemaFiles(kind: DatabaseKind, prismaDir = PRISMA_DIR, models?: string) {
  const folder = path.join(prismaDir, kind);
  return [
    { path: path.join(folder, "schema.prisma"), content: fs.readFileSync(path.join(folder, "schema.prisma"), "utf8") },
    { path: path.join(folder, "models.prisma"), content: models ?? fs.readFileSync(modelsFile(prismaDir), "utf8") },
  ];
}

export function migrationsDir(kind: DatabaseKind, prismaDir = PRISMA_DIR): string {
  return path.join(prismaDir, kind, "migrations");
}

/** The migrations folder in the shape the engine takes (it never reads the disk itself). */
export function readMigrations(kind: DatabaseKind, prismaDir = PRISMA_DIR) {
  const baseDir = migrationsDir(kind, prismaDir);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const names = fs.existsSync(baseDir)
    ? fs
        .readdirSync(baseDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? { tag: "ok" as const, value: fs.readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

/**
 * Opens the engine against a database. Engine log lines go to `onLog` (silent by default).
 * Call `dispose()` when done: freeing the engine does not close the connections it opened
 * through the adapter (an open SQLite connection would keep the file locked), so we track
 * and close them ourselves.
 */
export async function openSchemaEngine(
  url: string,
  prismaDir = PRISMA_DIR,
  onLog: (line: string) => void = () => {},
): Promise<{ engine: SchemaEngine; dispose: () => Promise<void> }> {
  const { SchemaEngine } = await loadWasm();
  const kind = databaseKind(url);
  const factory = createAdapter(url);
  const opened: { dispose(): Promise<void> }[] = [];
  const track = <T extends { dispose(): Promise<void> }>(adapter: T): T => {
    opened.push(adapter);
    return adapter;
  };
  const adapter = bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  });
  const datamodels = schemaFiles(kind, prismaDir).map((f) => [f.path, f.content] as [string, string]);
  const engine = await SchemaEngine.new({ datamodels }, onLog, adapter);
  return {
    engine,
    dispose: async () => {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose()));
    },
  };
}

/** Opens an engine with no database behind it, for pure schema-to-schema diffs. */
export async function openOfflineEngine(prismaDir = PRISMA_DIR): ReturnType<typeof openSchemaEngine> {
  // The engine wants an adapter even when it will not connect: an in-memory SQLite one,
  // never queried by schema-to-schema diffs (whichever database kind they are for).
  return openSchemaEngine("file::memory:", prismaDir);
}
