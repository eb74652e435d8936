// strerror(3) texts (glibc's), as the commands print them.
import { ERRNO, errnoName } from '../errno.ts';

const TEXT: Record<string, string> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process',
  EINTR: 'Interrupted system call', EIO: 'Input/output error', ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long', ENOEXEC: 'Exec format error', EBADF: 'Bad file descriptor',
  ECHILD: 'No child processes', EAGAIN: 'Resource temporarily unavailable', ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied', EFAULT: 'Bad address', ENOTBLK: 'Block device required',
  EBUSY: 'Device or resource busy', EEXIST: 'File exists', EXDEV: 'Invalid cross-device link',
  ENODEV: 'No such device', ENOTDIR: 'Not a directory', EISDIR: 'Is a directory', EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system', EMFILE: 'Too many open files', ENOTTY: 'Inappropriate ioctl for device',
  ETXTBSY: 'Text file busy', EFBIG: 'File too large', ENOSPC: 'No space left on device', ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system', EMLINK: 'Too many links', EPIPE: 'Broken pipe',
  EDOM: 'Numerical argument out of domain', ERANGE: 'Numerical result out of range',
  EDEADLK: 'Resource deadlock avoided', ENAMETOOLONG: 'File name too long', ENOLCK: 'No locks available',
  ENOSYS: 'Function not implemented', ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links', ENOMSG: 'No message of desired type', EIDRM: 'Identifier removed',
  ENODATA: 'No data available', EOVERFLOW: 'Value too large for defined data type', EUSERS: 'Too many users',
  EOPNOTSUPP: 'Operation not supported', ENOTCONN: 'Transport endpoint is not connected',
  ETIMEDOUT: 'Connection timed out',
};

/** strerror(errno) for errno or -errno */
export function strerror(n: number): string {
  return TEXT[errnoName(n)] ?? `Unknown error ${Math.abs(n)}`;
}

export { ERRNO };
