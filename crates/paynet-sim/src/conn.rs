//! Connections that the simulator can cut.
//!
//! The `DROP` trigger must close the client's connection without sending a single byte of response,
//! and dropping a [`Simulator`](crate::Simulator) must close every open connection. Both are done
//! the same way: each accepted TCP stream is wrapped in a [`SimIo`] that carries a [`KillSwitch`].
//! Once the switch is thrown, every read and write on the stream fails; hyper then abandons the
//! connection (it keeps polling the socket for EOF while a request is being handled) and drops the
//! stream, which closes the socket. No panics, no extra dependency: axum's [`Listener`] trait lets
//! the simulator hand hyper its own IO type, and [`ConnectInfo`](axum::extract::ConnectInfo) hands
//! the switch to the handler.

use std::{
    io,
    net::SocketAddr,
    pin::Pin,
    sync::{
        Arc, Mutex, Weak,
        atomic::{AtomicBool, Ordering},
    },
    task::{Context, Poll, Waker},
    time::Duration,
};

use axum::{
    extract::connect_info::Connected,
    serve::{IncomingStream, Listener},
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
};

/// Makes one connection's IO fail on demand.
#[derive(Debug, Default)]
pub(crate) struct KillSwitch {
    killed: AtomicBool,
    waker: Mutex<Option<Waker>>,
    /// Set by the `LOST` trigger: the answer of the request being handled is withheld.
    lose_answer: AtomicBool,
}

impl KillSwitch {
    /// Marks the answer of the request being handled on this connection as lost.
    pub(crate) fn lose_answer(&self) {
        self.lose_answer.store(true, Ordering::SeqCst);
    }

    /// True (once) when the answer of the request just handled is to be lost.
    pub(crate) fn take_lost_answer(&self) -> bool {
        self.lose_answer.swap(false, Ordering::SeqCst)
    }

    /// Makes every further read and write on the connection fail, and wakes the task serving it.
    pub(crate) fn kill(&self) {
        self.killed.store(true, Ordering::SeqCst);
        let waker = self.waker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Remembers who to wake, then tells whether the switch was thrown.
    fn check(&self, cx: &Context<'_>) -> io::Result<()> {
        {
            let mut slot = self.waker.lock().unwrap_or_else(|e| e.into_inner());
            match slot.as_mut() {
                Some(w) if w.will_wake(cx.waker()) => {}
                _ => *slot = Some(cx.waker().clone()),
            }
        }
        if self.killed.load(Ordering::SeqCst) {
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "connection dropped by the simulator",
            ))
        } else {
            Ok(())
        }
    }
}

/// The connections a simulator has accepted, so that they can all be cut when it stops.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    closed: AtomicBool,
    switches: Mutex<Vec<Weak<KillSwitch>>>,
}

impl Registry {
    /// A switch for a newly accepted connection (already thrown if the simulator is stopping).
    fn register(&self) -> Arc<KillSwitch> {
        let switch = Arc::new(KillSwitch::default());
        {
            let mut list = self.switches.lock().unwrap_or_else(|e| e.into_inner());
            list.retain(|w| w.strong_count() > 0);
            list.push(Arc::downgrade(&switch));
        }
        if self.closed.load(Ordering::SeqCst) {
            switch.kill();
        }
        switch
    }

    /// Cuts every open connection and every connection accepted from now on.
    pub(crate) fn close_all(&self) {
        self.closed.store(true, Ordering::SeqCst);
        let list = std::mem::take(&mut *self.switches.lock().unwrap_or_else(|e| e.into_inner()));
        for switch in list.iter().filter_map(Weak::upgrade) {
            switch.kill();
        }
    }
}

/// A loopback TCP listener whose connections can be cut.
#[derive(Debug)]
pub(crate) struct SimListener {
    inner: TcpListener,
    registry: Arc<Registry>,
}

impl SimListener {
    /// Wraps a bound listener.
    pub(crate) fn new(inner: TcpListener, registry: Arc<Registry>) -> Self {
        SimListener { inner, registry }
    }
}

impl Listener for SimListener {
    type Io = SimIo;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    // Small JSON answers: do not wait for Nagle.
                    let _ = stream.set_nodelay(true);
                    let kill = self.registry.register();
                    return (SimIo { stream, kill }, addr);
                }
                // Out of file descriptors or a connection reset during the handshake: wait a
                // little and accept the next one.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// An accepted TCP stream with a [`KillSwitch`].
#[derive(Debug)]
pub(crate) struct SimIo {
    stream: TcpStream,
    kill: Arc<KillSwitch>,
}

impl AsyncRead for SimIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.kill.check(cx)?;
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for SimIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.kill.check(cx)?;
        Pin::new(&mut this.stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.kill.check(cx)?;
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// What a handler learns about its connection: the switch that cuts it.
#[derive(Debug, Clone)]
pub(crate) struct ConnToken(pub(crate) Arc<KillSwitch>);

impl Connected<IncomingStream<'_, SimListener>> for ConnToken {
    fn connect_info(stream: IncomingStream<'_, SimListener>) -> Self {
        ConnToken(Arc::clone(&stream.io().kill))
    }
}
