// Runs the files an image holds without an OCI runtime (which cannot start here: STACK.md
// "Container images"): `buildah from` + `buildah mount` give its root filesystem, and a command
// runs in it through chroot, as the image's user, in a private mount namespace that looks like the
// chart's pod: the image's root bind-mounted read-only, a tmpfs on /tmp and on the Next cache (the
// chart's two emptyDirs), /proc and /dev. The mounts go away with the process.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type ImageConfig = {
  User?: string;
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Env?: string[];
  ExposedPorts?: Record<string, object>;
  Volumes?: Record<string, object>;
};

const buildah = (...args: string[]) => execFileSync("buildah", args, { encoding: "utf8" }).trim();

export function imageConfig(image: string): ImageConfig {
  const out = JSON.parse(buildah("inspect", "--type", "image", image)) as { OCIv1: { config: ImageConfig } };
  return out.OCIv1.config;
}

export type MountedImage = { root: string; config: ImageConfig; close(): void };

/** A working container of `image` with its root filesystem mounted (read-write, thrown away). */
export function mountImage(image: string): MountedImage {
  const ctr = buildah("from", "--pull=never", "--quiet", image);
  try {
    const root = buildah("mount", ctr);
    return {
      root,
      config: imageConfig(image),
      close: () => {
        buildah("umount", ctr);
        buildah("rm", ctr);
      },
    };
  } catch (e) {
    buildah("rm", ctr);
    throw e;
  }
}

// $1 the image root, $2 an empty mount point, $3 user:group, $4 the working directory, $5 the
// directories (colon-separated) the user must be able to write to; then the environment
// (NAME=value…) and the command, for env(1). The probe lines are read by the caller.
const SCRIPT = `
root=$1 ro=$2 user=$3 workdir=$4 writable=$5; shift 5
mount --bind "$root" "$ro"
mount -o remount,bind,ro "$ro"
mount -t tmpfs -o mode=1777,size=64m tmpfs "$ro/tmp"
[ -d "$ro/app/.next/cache" ] && mount -t tmpfs -o "uid=\${user%%:*},gid=\${user##*:},mode=0755,size=64m" tmpfs "$ro/app/.next/cache"
mount -t proc proc "$ro/proc"
mount --bind /dev "$ro/dev"
if err=$(chroot "$ro" /bin/touch /app/.probe 2>&1); then echo "probe: root is writable"; else echo "probe: root write refused: $err"; fi
IFS=:; for d in $writable; do
  if chroot --userspec="$user" "$ro" /bin/touch "$d/.probe"; then echo "probe: $d is writable"; fi
done; unset IFS
exec chroot --userspec="$user" "$ro" /usr/bin/env -i -C "$workdir" "$@"
`;

/**
 * The command and arguments that run `argv` (resolved on the image's PATH) in the mounted image
 * as `user`, in `workdir`, with exactly `env`. The spawned process becomes the command itself
 * (unshare, sh, chroot and env all exec), so its pid is the program's.
 */
export function inImage(
  image: MountedImage,
  opts: { user: string; workdir: string; env: Record<string, string>; argv: string[]; writable?: string[] },
): { cmd: string; args: string[]; cleanup(): void } {
  const ro = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-image-ro-"));
  const env = Object.entries(opts.env).map(([k, v]) => `${k}=${v}`);
  return {
    cmd: "unshare",
    args: [
      "--mount",
      "--propagation",
      "private",
      "--",
      "sh",
      "-euc",
      SCRIPT,
      "sh",
      image.root,
      ro,
      opts.user,
      opts.workdir,
      (opts.writable ?? []).join(":"),
      ...env,
      ...opts.argv,
    ],
    // The mounts live in the process's own namespace; only the empty mount point is left after it.
    cleanup: () => fs.rmSync(ro, { recursive: true, force: true }),
  };
}

/** The image config's Env as an object. */
export function envOf(config: ImageConfig): Record<string, string> {
  return Object.fromEntries((config.Env ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}
