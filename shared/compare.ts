// Orders strings by UTF-16 code unit, as `<` does. Model names, dates and paths sort the same way on every
// machine, and no ICU collator is set up: the first `localeCompare` of a process costs ~10 ms, a tenth of a
// warm `report`.
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
