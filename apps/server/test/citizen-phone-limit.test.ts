import { beforeAll, describe, expect, it } from "vitest";
import { createPlace, freshPhone, reportBody, submit } from "./citizen-fixtures";
import { login, makeTree, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;
let token: string;

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  token = (await createPlace(env, cadre, tree.grid)).token;
});

describe("the per-phone limit (5 an hour)", () => {
  it("holds under 12 parallel reports from one phone: exactly 5 cases, the rest 429", async () => {
    const phone = freshPhone();
    const all = await Promise.all(
      Array.from({ length: 12 }, () => submit(env, reportBody(token, { phone }))),
    );
    const codes = all.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
    const refused = all.find((r) => r.statusCode === 429);
    expect(refused?.json().message).toContain("该手机号提交过于频繁");
    const hash = env.ctx.pd.lookupHash(phone);
    const n = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("reporter_phone_hash", "=", hash)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(5);
  });

  it("counts opinions and cases together, also in parallel", async () => {
    const phone = freshPhone();
    const all = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        submit(env, reportBody(token, { phone, ...(i % 2 ? { kind: "opinion" } : {}) })),
      ),
    );
    expect(all.filter((r) => r.statusCode === 201)).toHaveLength(5);
    expect(all.filter((r) => r.statusCode === 429)).toHaveLength(3);
  });
});
