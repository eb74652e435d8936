// include/linux/utsname.h, kernel/utsname.c: the names uname(2) reports.
import { NsCommon, NS_UTS, PROC_UTS_INIT_INO } from "./ns_common";
import { UserNamespace } from "./user_namespace";

export class UtsNamespace extends NsCommon {
  nodename: string;
  domainname: string;
  constructor(owner: UserNamespace, initial: bool, nodename: string, domainname: string) {
    super(NS_UTS, owner, initial ? PROC_UTS_INIT_INO : 0);
    this.nodename = nodename;
    this.domainname = domainname;
  }
  /** copy_utsname(): a new namespace starts with a copy of the creator's names. */
  clone(owner: UserNamespace): UtsNamespace {
    return new UtsNamespace(owner, false, this.nodename, this.domainname);
  }
}
