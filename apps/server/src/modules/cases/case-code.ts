import { localDate } from "@fengqiao/core";

// 一案一码: county code, local date, a serial and a Luhn check digit, e.g. 620702-261126-0000427.
// Short enough for an SMS, readable over the phone, and a mistyped digit is caught by the check.
export function caseCode(regionCode: string, at: Date, serial: number): string {
  const county = regionCode.slice(0, 6);
  const day = localDate(at).replaceAll("-", "").slice(2);
  const body = String(serial).padStart(6, "0");
  return `${county}-${day}-${body}${luhn(`${county}${day}${body}`)}`;
}

export function validCaseCode(code: string): boolean {
  const m = /^(\d{6})-(\d{6})-(\d{6,})(\d)$/.exec(code);
  return m !== null && luhn(`${m[1]}${m[2]}${m[3]}`) === Number(m[4]);
}

function luhn(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
