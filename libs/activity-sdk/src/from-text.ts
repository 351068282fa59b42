import { z } from 'zod';

/**
 * The flow core interpolates an activity's input, so `"{{vars.budget}}"` arrives as the text "5000".
 * These accept such text as well as the typed value; empty text (a variable that is not set) counts
 * as absent, so `.optional()` and defaults apply. The JSON Schema the editor sees is the typed one.
 */
export const fromText = {
  number<T extends z.ZodType>(schema: T = z.number() as unknown as T) {
    return z.preprocess((value) => {
      if (typeof value !== 'string') return value;
      const text = value.trim();
      if (text === '') return undefined;
      const number = Number(text);
      return Number.isNaN(number) ? value : number;
    }, schema);
  },
  boolean<T extends z.ZodType>(schema: T = z.boolean() as unknown as T) {
    return z.preprocess((value) => {
      if (typeof value !== 'string') return value;
      const text = value.trim().toLowerCase();
      if (text === '') return undefined;
      if (['true', 'yes', '1'].includes(text)) return true;
      if (['false', 'no', '0'].includes(text)) return false;
      return value;
    }, schema);
  },
};
