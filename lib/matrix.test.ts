import { expect, test } from "vitest";
import { readMatrixQuery } from "./matrix";
import { matrixQuerySchema } from "./schemas/matrix";

test("the browser reads matrix filters exactly as the API's schema does for valid input", () => {
  const cases: Record<string, string>[] = [
    {},
    { environment: "staging" },
    { kind: "lmstudio", problems: "1" },
    { problems: "true", sort: "supported" },
    { problems: "0", sort: "name", environment: "production", kind: "custom" },
  ];
  for (const params of cases) expect(readMatrixQuery(params)).toEqual(matrixQuerySchema.parse(params));
});

test("a value the API would refuse is ignored in the browser, keeping the rest", () => {
  expect(matrixQuerySchema.safeParse({ kind: "nope" }).success).toBe(false);
  expect(readMatrixQuery({ kind: "nope", environment: "staging", sort: "sideways", problems: "yes" })).toEqual({
    environment: "staging",
    problems: false,
    sort: "name",
  });
});
