// The rows of a long table that are drawn: those near the scrolled part,
// with spacers standing for the rest (a 1,000-row table would otherwise be
// restyled and laid out whole on every step). Rows are assumed of one height,
// measured once from a drawn row. Tables of at most `from` rows are drawn whole.
export class RowWindow {
  scrollTop = $state(0);
  viewHeight = $state(0);
  rowHeight = $state(0);
  #frame = 0;

  constructor(
    readonly count: () => number,
    readonly from = 150,
    /** rows drawn beyond each edge of the visible part */
    readonly slack = 25,
  ) {}

  // plain getters over the state above: reactive wherever they are read, cheap to recompute
  get on(): boolean {
    return this.count() > this.from;
  }
  get first(): number {
    return this.on && this.rowHeight ? Math.max(0, Math.floor(this.scrollTop / this.rowHeight) - this.slack) : 0;
  }
  get last(): number {
    if (!this.on) return this.count();
    return Math.min(this.count(), (this.rowHeight ? Math.ceil((this.scrollTop + this.viewHeight) / this.rowHeight) : 40) + this.slack);
  }
  /** px standing for the rows above and below the drawn ones */
  get above(): number {
    return this.first * this.rowHeight;
  }
  get below(): number {
    return Math.max(0, (this.count() - this.last) * this.rowHeight);
  }

  onscroll = (e: Event) => {
    const el = e.currentTarget as HTMLElement;
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.scrollTop = el.scrollTop;
      this.viewHeight = el.clientHeight;
    });
  };

  /** measures a drawn row once (the first time the table is windowed) */
  measure(body: HTMLElement | undefined): void {
    if (!this.on || this.rowHeight || !body) return;
    const row = body.querySelector<HTMLElement>('tr:not(.spacer)');
    const wrap = body.closest<HTMLElement>('.task-rows');
    if (row) this.rowHeight = row.offsetHeight;
    if (wrap) this.viewHeight = wrap.clientHeight;
  }
}
