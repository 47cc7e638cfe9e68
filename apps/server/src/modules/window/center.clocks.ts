import { referralClocks } from "../referrals/referrals.clocks";
import { summonsClocks } from "../stationing/summons.clocks";

/** The center's procedure clocks (summons.ack, referral.ack), registered in jobs/procedure-clocks.ts. */
export const CENTER_CLOCKS = [summonsClocks, referralClocks];
