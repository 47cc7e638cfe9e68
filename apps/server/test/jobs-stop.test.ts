// A shutdown (SIGTERM from systemd or a test harness) must not close the database under a job's
// write: the job's run in flight finishes first, and no new run starts after stop.
import { describe, expect, it } from "vitest";
import { every } from "../src/jobs/timers";

describe("background jobs stop cleanly", () => {
  it("stop waits for the run in flight and starts no other", async () => {
    const log: string[] = [];
    let release = () => {};
    const stop = every(
      10,
      async () => {
        log.push("start");
        await new Promise<void>((r) => {
          release = r;
        });
        log.push("end");
      },
      (err) => log.push(`error ${String(err)}`),
    );
    await new Promise((r) => setTimeout(r, 50)); // ticks meanwhile are skipped, not queued
    const stopped = stop().then(() => log.push("stopped"));
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(["start"]);
    release();
    await stopped;
    await new Promise((r) => setTimeout(r, 50));
    expect(log).toEqual(["start", "end", "stopped"]);
  });

  it("a run that hangs holds the shutdown only for the grace period", async () => {
    const stop = every(
      10,
      () => new Promise<void>(() => {}),
      () => {},
    );
    const t = Date.now();
    await stop(30);
    expect(Date.now() - t).toBeLessThan(5_000);
  });
});
