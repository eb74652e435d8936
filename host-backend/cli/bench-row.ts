/** One line of `nslab bench`'s table: a measured value beside its baseline, and the target it is held to. */
export interface Row { name: string; value: string; baseline: string; ratio: string; target: string; ok: boolean }
