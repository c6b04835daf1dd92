//! Child processes the harness starts, each in its own process group so that
//! everything it spawned (wrangler starts workerd) is stopped with it.

use std::net::TcpListener;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

pub struct ProcessGroup {
    child: Child,
}

impl ProcessGroup {
    pub fn spawn(mut command: Command) -> Self {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {command:?}: {error}"));
        Self { child }
    }

    /// Ends the whole group at once, as a crash or a power cut would.
    pub fn kill(&mut self) {
        // SAFETY: kill(2) with a negative pid signals our own child's group.
        unsafe { libc::kill(-(self.child.id() as i32), libc::SIGKILL) };
        let _ = self.child.wait();
    }

    /// The process id, which is also the group's id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The exit status, if the process already ended.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        let group = -(self.child.id() as i32);
        // SAFETY: kill(2) with a negative pid signals our own child's group.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.exited().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (workerd may outlive wrangler) goes now.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// A TCP port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

impl ProcessGroup {
    /// The TCP ports the group's processes listen on, read from `/proc`:
    /// wrangler does not print the address of the runtime behind its proxy.
    pub fn listening_ports(&self) -> Vec<u16> {
        let group = self.id();
        let sockets: Vec<String> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter(|process| in_group(&process.path(), group))
            .flat_map(|process| socket_inodes(&process.path()))
            .collect();
        let mut ports: Vec<u16> = std::fs::read_to_string("/proc/net/tcp")
            .unwrap_or_default()
            .lines()
            .skip(1)
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                // local_address is `HEXADDR:HEXPORT`; state 0A is LISTEN.
                let (_, port) = fields.get(1)?.split_once(':')?;
                let listening = *fields.get(3)? == "0A";
                let inode = fields.get(9)?;
                (listening && sockets.iter().any(|socket| socket == inode))
                    .then(|| u16::from_str_radix(port, 16).ok())
                    .flatten()
            })
            .collect();
        ports.sort_unstable();
        ports
    }
}

/// Whether `/proc/<pid>` is a process of `group` (the fifth field of `stat`,
/// counted after the command's name, which may hold spaces and parentheses).
fn in_group(process: &std::path::Path, group: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(process.join("stat")) else {
        return false;
    };
    let Some((_, after_name)) = stat.rsplit_once(')') else {
        return false;
    };
    after_name.split_whitespace().nth(2) == Some(&group.to_string())
}

/// The inodes of the sockets a process holds open (`socket:[inode]`).
fn socket_inodes(process: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(process.join("fd"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|target| {
            let target = target.to_string_lossy();
            let inode = target.strip_prefix("socket:[")?.strip_suffix(']')?;
            Some(inode.to_owned())
        })
        .collect()
}
