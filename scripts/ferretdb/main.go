// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol over SQLite) for local dev and tests.
// Production uses real MongoDB; this server only backs `make infra-up` (scripts/infra/mongo.sh).
//
//	ferretdb -listen 127.0.0.1:27017 -dir .run/mongo   serve until SIGTERM/SIGINT
//	ferretdb -ping -listen 127.0.0.1:27017             send a wire-level {ping: 1} and exit 0 when ok: 1
//	ferretdb -version                                  print the embedded FerretDB module version
//
// By default clients connect to a small wire proxy (proxy.go) that runs write commands one at a time,
// because FerretDB 1.x loses concurrent updates to the same document; -serialize-writes=false turns it off.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const ferretModule = "github.com/FerretDB/FerretDB"

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (or to ping)")
	dir := flag.String("dir", ".run/mongo", "data directory (one SQLite file per database)")
	ping := flag.Bool("ping", false, "send {ping: 1} to -listen and exit 0 when the server answers ok: 1")
	showVersion := flag.Bool("version", false, "print the FerretDB version and exit")
	debugLog := flag.Bool("debug", false, "log at debug level (also logs every connection)")
	syncMode := flag.String("sqlite-synchronous", "normal",
		"SQLite synchronous pragma; normal skips the fsync per commit in WAL mode (safe unless the OS crashes)")
	serializeWrites := flag.Bool("serialize-writes", true,
		"run insert/update/delete/findAndModify one at a time (FerretDB 1.x loses concurrent updates otherwise)")
	flag.Parse()

	if *showVersion {
		fmt.Println(ferretVersion())
		return
	}

	if *ping {
		if err := wirePing(*listen, 2*time.Second); err != nil {
			fmt.Fprintln(os.Stderr, "ping:", err)
			os.Exit(1)
		}
		fmt.Println("ok")
		return
	}

	level := slog.LevelInfo
	if *debugLog {
		level = slog.LevelDebug
	}
	var h slog.Handler = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	if !*debugLog {
		h = quietConns{h}
	}
	logger := slog.New(h)
	slog.SetDefault(logger)

	if err := serve(logger, *listen, *dir, *syncMode, *serializeWrites); err != nil {
		logger.Error("ferretdb failed", "error", err)
		os.Exit(1)
	}
}

// quietConns drops FerretDB's info-level "Connection started/stopped" lines (one pair per client connection);
// connections that end with an error are logged at warn level and kept.
type quietConns struct{ slog.Handler }

func (q quietConns) Handle(ctx context.Context, r slog.Record) error {
	if r.Level == slog.LevelInfo && (r.Message == "Connection started" || r.Message == "Connection stopped") {
		return nil
	}
	return q.Handler.Handle(ctx, r)
}

func (q quietConns) WithAttrs(attrs []slog.Attr) slog.Handler {
	return quietConns{q.Handler.WithAttrs(attrs)}
}
func (q quietConns) WithGroup(name string) slog.Handler { return quietConns{q.Handler.WithGroup(name)} }

func serve(logger *slog.Logger, listen, dir, syncMode string, serializeWrites bool) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(abs, 0o755); err != nil {
		return err
	}

	listener := ferretdb.ListenerConfig{TCP: listen}
	var front net.Listener
	if serializeWrites {
		// Clients reach FerretDB through the proxy only; FerretDB itself listens on a private Unix socket.
		if front, err = net.Listen("tcp", listen); err != nil {
			return err
		}
		defer front.Close()
		sock := filepath.Join(abs, "ferretdb.sock")
		if len(sock) > 100 { // sun_path is 108 bytes
			sock = filepath.Join(os.TempDir(), fmt.Sprintf("ferretdb-%d.sock", os.Getpid()))
		}
		_ = os.Remove(sock) // stale after a kill -9
		listener = ferretdb.ListenerConfig{Unix: sock}
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(" + url.QueryEscape(syncMode) + ")",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Info("ferretdb starting", "version", ferretVersion(), "listen", listen, "dir", abs,
		"serialize_writes", serializeWrites)
	go func() {
		<-ctx.Done()
		logger.Info("signal received, shutting down")
	}()

	var wg sync.WaitGroup
	if front != nil {
		p := &proxy{backend: listener.Unix, serialize: true, logger: logger}
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.run(ctx, front)
		}()
	}

	// Run returns after the listener, all connections and the SQLite backend are closed.
	err = f.Run(ctx)
	wg.Wait()
	if err != nil {
		return err
	}
	logger.Info("ferretdb stopped")
	return nil
}

// ferretVersion is the FerretDB module version linked into this binary
// (embedded FerretDB itself reports "unknown").
func ferretVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == ferretModule {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}

// wirePing sends OP_MSG {ping: 1, $db: "admin"} and checks the reply's ok field.
// Hand-rolled so this module needs no MongoDB driver.
func wirePing(addr string, timeout time.Duration) error {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))

	doc := bsonDoc(
		bsonInt32("ping", 1),
		bsonString("$db", "admin"),
	)

	var body bytes.Buffer
	_ = binary.Write(&body, binary.LittleEndian, uint32(0)) // flagBits
	body.WriteByte(0)                                       // section kind 0: body
	body.Write(doc)

	var msg bytes.Buffer
	_ = binary.Write(&msg, binary.LittleEndian, int32(16+body.Len())) // messageLength
	_ = binary.Write(&msg, binary.LittleEndian, int32(1))             // requestID
	_ = binary.Write(&msg, binary.LittleEndian, int32(0))             // responseTo
	_ = binary.Write(&msg, binary.LittleEndian, int32(opMsg))         // opCode
	msg.Write(body.Bytes())
	if _, err = conn.Write(msg.Bytes()); err != nil {
		return err
	}

	var hdr [16]byte
	if _, err = io.ReadFull(conn, hdr[:]); err != nil {
		return err
	}
	length := int32(binary.LittleEndian.Uint32(hdr[0:4]))
	if op := int32(binary.LittleEndian.Uint32(hdr[12:16])); op != opMsg {
		return fmt.Errorf("unexpected reply opCode %d", op)
	}
	if length < 16+5+5 || length > 16<<20 {
		return fmt.Errorf("bad reply length %d", length)
	}
	rest := make([]byte, length-16)
	if _, err = io.ReadFull(conn, rest); err != nil {
		return err
	}
	if rest[4] != 0 {
		return errors.New("reply does not start with a body section")
	}
	ok, found, err := bsonNumber(rest[5:], "ok")
	if err != nil {
		return err
	}
	if !found || ok != 1 {
		return fmt.Errorf("reply ok=%v (found=%v)", ok, found)
	}
	return nil
}

func bsonDoc(elems ...[]byte) []byte {
	var b bytes.Buffer
	n := 4 + 1
	for _, e := range elems {
		n += len(e)
	}
	_ = binary.Write(&b, binary.LittleEndian, int32(n))
	for _, e := range elems {
		b.Write(e)
	}
	b.WriteByte(0)
	return b.Bytes()
}

func bsonInt32(name string, v int32) []byte {
	b := append([]byte{0x10}, name...)
	b = append(b, 0)
	return binary.LittleEndian.AppendUint32(b, uint32(v))
}

func bsonString(name, v string) []byte {
	b := append([]byte{0x02}, name...)
	b = append(b, 0)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)+1))
	b = append(b, v...)
	return append(b, 0)
}

// bsonNumber finds the top-level numeric field name in doc.
func bsonNumber(doc []byte, name string) (float64, bool, error) {
	if len(doc) < 5 {
		return 0, false, errors.New("short document")
	}
	end := int(binary.LittleEndian.Uint32(doc[0:4]))
	if end > len(doc) || end < 5 {
		return 0, false, errors.New("bad document length")
	}
	i := 4
	for i < end-1 {
		t := doc[i]
		i++
		j := bytes.IndexByte(doc[i:end], 0)
		if j < 0 {
			return 0, false, errors.New("bad element name")
		}
		key := string(doc[i : i+j])
		i += j + 1
		var size int
		switch t {
		case 0x01, 0x09, 0x11, 0x12: // double, datetime, timestamp, int64
			size = 8
		case 0x10: // int32
			size = 4
		case 0x08: // bool
			size = 1
		case 0x0A: // null
			size = 0
		case 0x07: // ObjectId
			size = 12
		case 0x02: // string
			if i+4 > end {
				return 0, false, errors.New("truncated string")
			}
			size = 4 + int(binary.LittleEndian.Uint32(doc[i:]))
		case 0x03, 0x04: // document, array
			if i+4 > end {
				return 0, false, errors.New("truncated document")
			}
			size = int(binary.LittleEndian.Uint32(doc[i:]))
		case 0x05: // binary
			if i+4 > end {
				return 0, false, errors.New("truncated binary")
			}
			size = 5 + int(binary.LittleEndian.Uint32(doc[i:]))
		default:
			return 0, false, fmt.Errorf("unsupported BSON type 0x%02x before %q", t, name)
		}
		if i+size > end {
			return 0, false, errors.New("truncated element")
		}
		if key == name {
			v := doc[i : i+size]
			switch t {
			case 0x01:
				return math.Float64frombits(binary.LittleEndian.Uint64(v)), true, nil
			case 0x10:
				return float64(int32(binary.LittleEndian.Uint32(v))), true, nil
			case 0x12:
				return float64(int64(binary.LittleEndian.Uint64(v))), true, nil
			default:
				return 0, true, fmt.Errorf("field %q has BSON type 0x%02x", name, t)
			}
		}
		i += size
	}
	return 0, false, nil
}
