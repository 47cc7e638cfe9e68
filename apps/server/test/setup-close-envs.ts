import { afterAll } from "vitest";
import { closeTestEnvs } from "./helpers";

// Runs before every server test file: after its tests, close what its testEnv() calls opened.
afterAll(closeTestEnvs);
