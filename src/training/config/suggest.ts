/** "Did you mean ...?" for names in a config: a case or separator slip, else the engine's typo matcher. */
import { closestName } from '../../engine';

export function suggestName(value: string, allowed: readonly string[]): string | undefined {
  const v = value.trim().toLowerCase();
  const exact = allowed.find((a) => a.toLowerCase() === v || a.toLowerCase() === v.replace(/[\s-]+/g, '_'));
  return exact ?? closestName(value.trim(), allowed);
}
