/**
 * How the terminal renderer emphasises text. The CLI passes a chalk-backed style on a colour terminal and
 * `PLAIN` otherwise, so the renderers never decide about colours themselves.
 */
export interface Style {
  heading(text: string): string;
  label(text: string): string;
  amount(text: string): string;
  free(text: string): string;
  warning(text: string): string;
  dim(text: string): string;
}

const same = (text: string) => text;

export const PLAIN: Style = { heading: same, label: same, amount: same, free: same, warning: same, dim: same };
