// CI's size gate for the citizen report page (issue #4): its JS+CSS, gzipped at level 9, may not exceed
// 100 KB (the target is ≤ 50 KB; bench/citizen.ts reports the figure). A byte count, not a timing.
import { describe, expect, it } from "vitest";
import { CITIZEN_LIMIT_BYTES, citizenGzipSize, kb } from "../bench/citizen-size";

describe("citizen report page size", () => {
  it("ships at most 100 KB of gzipped JS+CSS", async () => {
    const size = await citizenGzipSize();
    const detail = size.files.map((f) => `${f.file} ${f.gzipBytes} B`).join(", ");
    expect(
      size.gzipBytes,
      `citizen report page is ${kb(size.gzipBytes)} KB gz (${size.gzipBytes} B: ${detail}); limit ${kb(CITIZEN_LIMIT_BYTES)} KB`,
    ).toBeLessThanOrEqual(CITIZEN_LIMIT_BYTES);
  });
});
