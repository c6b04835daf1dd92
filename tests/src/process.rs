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
