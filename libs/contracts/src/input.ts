// Limits on what the API accepts, shared with the console (its date pickers offer only this span).

/** The one span of dates the API accepts (inclusive, China calendar days); anything outside is a 400 naming the field. */
export const SUPPORTED_DATES = { from: '2000-01-01', to: '2099-12-31', minYear: 2000, maxYear: 2099 } as const;
/** Deepest nesting of objects/arrays accepted in a request body (our deepest DTO needs 3). */
export const MAX_INPUT_DEPTH = 16;
