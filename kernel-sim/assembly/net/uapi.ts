// include/uapi/linux/rtnetlink.h and the errno values only networking returns.

export const EAFNOSUPPORT: i32 = 97;
export const EADDRNOTAVAIL: i32 = 99;
export const ENFILE: i32 = 23;
