/** The Redis logical database of the pacing test: no other test file uses it. */
export const REDIS_DB_1 = 1;
