// fs/nsfs.c: a namespace file bind-mounted elsewhere (`mount --bind
// /proc/T/ns/net /run/netns/x`) keeps the namespace alive and can be
// opened for setns(2) like the /proc link it came from.
import { PseudoNode, setPseudoErr } from "./pseudo";
import { NsCommon } from "../ns/ns_common";
import { Task } from "../kernel/task";
import { SuperBlock } from "./super";

export class NsfsNode extends PseudoNode {
  /** Invariant: holds one reference on ns while mounted (put by releaseMount). */
  constructor(public ns: NsCommon | null) {
    super(null, ns ? ns.link() : "");
  }
  isDir(): bool { return false; }
  nsTarget(): NsCommon | null {
    if (!this.ns) setPseudoErr(22);
    return this.ns;
  }
  read(reader: Task): string {
    setPseudoErr(22);
    return "";
  }
}

let nsfsSb: SuperBlock | null = null;

export function nsfsReset(): void {
  nsfsSb = null;
}

/** The one nsfs instance ("nsfs" in mountinfo). */
export function nsfsSuper(): SuperBlock {
  if (!nsfsSb) nsfsSb = new SuperBlock("nsfs", new NsfsNode(null), null, 0, "");
  return nsfsSb!;
}
