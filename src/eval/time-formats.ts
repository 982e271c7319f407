import type { TimeGrain } from "./values.js";

/*
 * Whether a date format shows the time of day (changes every request: volatile) or only the date
 * (changes once a day). Literal text in a format ([...] in moment/dayjs, '...' in date-fns and
 * luxon) is ignored.
 */

const MOMENT_TIME = /[HhkmsSAaXx]|LT|LLL|lll/;
const DATE_FNS_TIME = /[HhKkmsSabBpTt]/;
const INTL_TIME_OPTIONS = new Set(["hour", "minute", "second", "timeStyle", "fractionalSecondDigits", "dayPeriod"]);
const INTL_DATE_OPTIONS = new Set(["year", "month", "day", "weekday", "era", "dateStyle"]);

/** moment / dayjs `format(fmt)`; no format means ISO 8601 with the time. */
export function momentFormatGrain(format: string | null): TimeGrain {
  if (format === null) return "instant";
  return MOMENT_TIME.test(format.replace(/\[[^\]]*\]/g, "")) ? "instant" : "day";
}

/** date-fns `format(date, fmt)` and luxon `toFormat(fmt)`. */
export function unicodeFormatGrain(format: string | null): TimeGrain {
  if (format === null) return "instant";
  return DATE_FNS_TIME.test(format.replace(/'[^']*'/g, "")) ? "instant" : "day";
}

/**
 * `toLocaleString` / `Intl.DateTimeFormat` options: the option names when the options are an
 * object literal, null when there are none. Options that pick no field (`timeZone`, `hour12`)
 * keep the method's default, `fallback`.
 */
export function intlOptionsGrain(optionNames: readonly string[] | null, fallback: TimeGrain): TimeGrain {
  if (optionNames === null) return fallback;
  if (optionNames.some((name) => INTL_TIME_OPTIONS.has(name))) return "instant";
  return optionNames.some((name) => INTL_DATE_OPTIONS.has(name)) ? "day" : fallback;
}

/** Methods of `Date` and what their result shows. */
export const DATE_METHOD_GRAIN: ReadonlyMap<string, TimeGrain> = new Map<string, TimeGrain>([
  ["toISOString", "instant"],
  ["toJSON", "instant"],
  ["toString", "instant"],
  ["toUTCString", "instant"],
  ["toGMTString", "instant"],
  ["toTimeString", "instant"],
  ["toLocaleTimeString", "instant"],
  ["toLocaleString", "instant"],
  ["getTime", "instant"],
  ["valueOf", "instant"],
  ["getHours", "instant"],
  ["getMinutes", "instant"],
  ["getSeconds", "instant"],
  ["getMilliseconds", "instant"],
  ["getUTCHours", "instant"],
  ["getUTCMinutes", "instant"],
  ["getUTCSeconds", "instant"],
  ["getUTCMilliseconds", "instant"],
  ["toDateString", "day"],
  ["toLocaleDateString", "day"],
  ["getDate", "day"],
  ["getDay", "day"],
  ["getMonth", "day"],
  ["getFullYear", "day"],
  ["getUTCDate", "day"],
  ["getUTCDay", "day"],
  ["getUTCMonth", "day"],
  ["getUTCFullYear", "day"],
]);

/** moment / dayjs / luxon methods that render the instant without a format argument. */
export const MOMENT_INSTANT_METHODS = new Set(["toISOString", "toString", "toJSON", "unix", "valueOf", "toISO", "toMillis", "toSeconds", "toRFC2822", "toHTTP"]);
export const MOMENT_DAY_METHODS = new Set(["toISODate", "date", "day", "month", "year", "weekday"]);
