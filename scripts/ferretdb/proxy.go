package main

// FerretDB 1.x runs every update/findAndModify as "query matching documents, then write them back" with no
// transaction around the pair, so concurrent writers to the same document lose updates: 100 parallel
// {$inc: {n: 1}} end with n < 100, and guarded decrements ({stock: {$gte: 1}} + {$inc: {stock: -1}}) oversell.
// Real MongoDB applies each single-document write atomically. This wire-level proxy restores that by running
// write commands one at a time (reads stay concurrent): clients talk to it on TCP, it forwards each request to
// FerretDB's Unix socket. It also drops the replies FerretDB wrongly sends to unacknowledged (w: 0) writes.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
)

const (
	opQuery = 2004
	opMsg   = 2013

	flagMoreToCome = 1 << 1

	maxWireMessage = 48_000_000 + 16*1024 // maxMessageSizeBytes plus slack
)

// writeCommands are serialized; names are compared in lower case.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findandmodify": true,
}

type proxy struct {
	backend   string // FerretDB's Unix socket
	serialize bool
	logger    *slog.Logger

	writeMu sync.Mutex

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

// run accepts clients on l until ctx is canceled, then closes every proxied connection.
func (p *proxy) run(ctx context.Context, l net.Listener) {
	p.mu.Lock()
	p.conns = map[net.Conn]struct{}{}
	p.mu.Unlock()
	go func() {
		<-ctx.Done()
		_ = l.Close()
		p.mu.Lock()
		p.closed = true
		for c := range p.conns {
			_ = c.Close()
		}
		p.mu.Unlock()
	}()

	for {
		c, err := l.Accept()
		if err != nil {
			if ctx.Err() == nil {
				p.logger.Warn("accept failed", "error", err)
			}
			break
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serveConn(ctx, c)
		}()
	}
	p.wg.Wait()
}

func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		_ = c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	_ = c.Close()
}

func (p *proxy) serveConn(ctx context.Context, client net.Conn) {
	if !p.track(client) {
		return
	}
	defer p.untrack(client)

	var d net.Dialer
	be, err := d.DialContext(ctx, "unix", p.backend)
	if err != nil {
		if ctx.Err() == nil {
			p.logger.Warn("cannot reach ferretdb backend", "socket", p.backend, "error", err)
		}
		return
	}
	if !p.track(be) {
		return
	}
	defer p.untrack(be)

	for {
		req, err := readMessage(client)
		if err != nil {
			if !isClosed(err) && ctx.Err() == nil {
				p.logger.Warn("client connection failed", "remote", client.RemoteAddr().String(), "error", err)
			}
			return
		}
		if err = p.roundTrip(client, be, req); err != nil {
			if !isClosed(err) && ctx.Err() == nil {
				p.logger.Warn("proxying failed", "remote", client.RemoteAddr().String(), "error", err)
			}
			return
		}
	}
}

// roundTrip forwards one request and its replies (none when the client set moreToCome; several for exhaust).
func (p *proxy) roundTrip(client, be net.Conn, req []byte) error {
	if p.serialize && isWrite(req) {
		p.writeMu.Lock()
		defer p.writeMu.Unlock()
	}
	if _, err := be.Write(req); err != nil {
		return err
	}
	if opCode(req) == opMsg && msgFlags(req)&flagMoreToCome != 0 {
		// Unacknowledged write (w: 0): the client expects no reply, but FerretDB 1.x ignores moreToCome and
		// answers anyway, which would be read as the reply to the client's next request. Swallow it.
		_, err := readMessage(be)
		return err
	}
	for {
		reply, err := readMessage(be)
		if err != nil {
			return err
		}
		if _, err = client.Write(reply); err != nil {
			return err
		}
		if opCode(reply) != opMsg || msgFlags(reply)&flagMoreToCome == 0 {
			return nil
		}
	}
}

func readMessage(r io.Reader) ([]byte, error) {
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.LittleEndian.Uint32(hdr[0:4])))
	if n < 16 || n > maxWireMessage {
		return nil, fmt.Errorf("invalid message length %d", n)
	}
	msg := make([]byte, n)
	copy(msg, hdr[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func opCode(msg []byte) int32 { return int32(binary.LittleEndian.Uint32(msg[12:16])) }

func msgFlags(msg []byte) uint32 {
	if len(msg) < 20 {
		return 0
	}
	return binary.LittleEndian.Uint32(msg[16:20])
}

// isWrite reports whether msg is an OP_MSG whose command (first key of the body section) modifies documents.
func isWrite(msg []byte) bool {
	if opCode(msg) != opMsg || len(msg) < 21 {
		return false
	}
	b := msg[20:]
	for len(b) > 0 {
		kind := b[0]
		b = b[1:]
		if len(b) < 4 {
			return false
		}
		size := int(int32(binary.LittleEndian.Uint32(b)))
		if size < 5 || size > len(b) {
			return false
		}
		switch kind {
		case 0: // body document: type byte, then the command name as a cstring
			doc := b[4:size]
			if len(doc) < 2 {
				return false
			}
			name, _, ok := strings.Cut(string(doc[1:min(len(doc), 64)]), "\x00")
			return ok && writeCommands[strings.ToLower(name)]
		case 1: // document sequence: size covers identifier and documents
			b = b[size:]
		default:
			return false
		}
	}
	return false
}

func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF) ||
		strings.Contains(err.Error(), "connection reset by peer") || strings.Contains(err.Error(), "broken pipe")
}
