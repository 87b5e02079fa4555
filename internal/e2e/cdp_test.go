package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// A rawBrowser is headless Chromium driven over one DevTools connection
// with flat sessions, attached to every target the browser makes — pages,
// their workers and service workers — before any of them runs: each gets
// the network profile and has its traffic counted. chromedp drops the
// events of sessions it did not open itself, so this speaks the protocol
// directly.
type rawBrowser struct {
	tb      testing.TB
	cmd     *exec.Cmd
	conn    *chromedp.Conn
	profile profile

	writing sync.Mutex // the connection writes one message at a time
	mu      sync.Mutex
	next    int64
	waiting map[int64]chan *cdproto.Message
	pages   map[string]chan string // target ID → its session, once set up
	primary map[string]string      // target ID → the session that counts
	ignored map[string]bool        // second sessions of a target
	traffic traffic
	stop    func()
}

// close stops the browser and removes its profile.
func (b *rawBrowser) close() { b.stop() }

// profile is a network and CPU throttling profile, as DevTools sets it.
type profile struct {
	Name      string
	DownKbps  float64 // 0: no throttling
	UpKbps    float64
	LatencyMS float64
	CPU       float64 // slow-down factor; 0 or 1: none
}

// profiles are the ones make bench measures: none, 4G and a phone on
// slow 4G (DevTools' "Slow 4G" network and its 4× CPU slow-down).
var profiles = []profile{
	{Name: "loopback"},
	{Name: "4G", DownKbps: 9000, UpKbps: 1500, LatencyMS: 20},
	{Name: "telefoon", DownKbps: 1600, UpKbps: 750, LatencyMS: 150, CPU: 4},
}

// traffic adds up what the host sent: encodedDataLength of every request
// that went to the network, in any target. Responses a service worker
// gave the page are counted where the worker fetched them, not twice.
type traffic struct {
	web       map[string]bool // session + request: an http(s) request
	fromCache map[string]bool // session + request: not from the network
	bytes     float64
	requests  int
	urls      []string
	// done lists each counted response with the browser's monotonic time
	// it finished at; wallOffset turns that clock into wall-clock seconds
	// (from any request's wallTime and timestamp), so bytes can be counted
	// up to a moment the page reports (sentBefore).
	done       []finished
	wallOffset float64
}

// finished is one counted response: when it finished (monotonic seconds)
// and what it cost.
type finished struct{ at, bytes float64 }

// launchRaw starts Chromium with a new, empty profile (a cold cache and no
// service worker) and attaches to every target it makes.
func launchRaw(tb testing.TB, p profile) *rawBrowser {
	tb.Helper()
	path := chromiumPath(tb)
	dir, err := os.MkdirTemp("", "kb-e2e-raw-")
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
		"--disable-features=BackForwardCache", "--window-size=1280,900",
		"--remote-debugging-port=0", "--user-data-dir="+dir, "about:blank")
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	b := &rawBrowser{tb: tb, cmd: cmd, profile: p, waiting: map[int64]chan *cdproto.Message{}, pages: map[string]chan string{}, primary: map[string]string{}, ignored: map[string]bool{}}
	b.traffic.fromCache, b.traffic.web = map[string]bool{}, map[string]bool{}
	b.stop = sync.OnceFunc(func() {
		if b.conn != nil {
			b.conn.Close()
		}
		cmd.Process.Kill()
		cmd.Wait()
		removeProfile(dir)
	})
	tb.Cleanup(b.close)
	var ws string
	for i := 0; i < 200 && ws == ""; i++ {
		time.Sleep(50 * time.Millisecond)
		if f, err := os.Open(filepath.Join(dir, "DevToolsActivePort")); err == nil {
			s := bufio.NewScanner(f)
			var lines []string
			for s.Scan() {
				lines = append(lines, s.Text())
			}
			f.Close()
			if len(lines) == 2 {
				ws = "ws://127.0.0.1:" + lines[0] + lines[1]
			}
		}
	}
	if ws == "" {
		tb.Fatal("Chromium did not open its DevTools port")
	}
	if b.conn, err = chromedp.DialContext(context.Background(), ws); err != nil {
		tb.Fatal(err)
	}
	go b.read()
	// Every target from now on waits for us before it runs.
	if _, err := b.call("", "Target.setAutoAttach", map[string]any{"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}); err != nil {
		tb.Fatal(err)
	}
	return b
}

// read dispatches what the browser sends: answers to their callers,
// events to event.
func (b *rawBrowser) read() {
	for {
		msg := new(cdproto.Message)
		if err := b.conn.Read(context.Background(), msg); err != nil {
			b.mu.Lock()
			for id, ch := range b.waiting {
				close(ch)
				delete(b.waiting, id)
			}
			b.mu.Unlock()
			return
		}
		if msg.ID != 0 {
			b.mu.Lock()
			ch := b.waiting[msg.ID]
			delete(b.waiting, msg.ID)
			b.mu.Unlock()
			if ch != nil {
				ch <- msg
			}
			continue
		}
		b.mu.Lock()
		skip := b.ignored[string(msg.SessionID)]
		b.mu.Unlock()
		if !skip {
			b.event(string(msg.SessionID), string(msg.Method), []byte(msg.Params))
		}
	}
}

// call sends a command to a session ("": the browser) and waits for its
// answer.
func (b *rawBrowser) call(session, method string, params any) (json.RawMessage, error) {
	return b.answer(method, b.send(session, method, params))
}

// send sends a command; its answer comes on the channel (closed when the
// connection is gone).
func (b *rawBrowser) send(session, method string, params any) chan *cdproto.Message {
	raw, _ := json.Marshal(params)
	ch := make(chan *cdproto.Message, 1)
	b.mu.Lock()
	b.next++
	id := b.next
	b.waiting[id] = ch
	b.mu.Unlock()
	msg := &cdproto.Message{ID: id, SessionID: target.SessionID(session), Method: cdproto.MethodType(method), Params: raw}
	b.writing.Lock()
	err := b.conn.Write(context.Background(), msg)
	b.writing.Unlock()
	if err != nil {
		b.mu.Lock()
		delete(b.waiting, id)
		b.mu.Unlock()
		close(ch)
	}
	return ch
}

func (b *rawBrowser) answer(method string, ch chan *cdproto.Message) (json.RawMessage, error) {
	select {
	case res, ok := <-ch:
		if !ok {
			return nil, fmt.Errorf("%s: the connection to Chromium is gone", method)
		}
		if res.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, res.Error.Message)
		}
		return json.RawMessage(res.Result), nil
	case <-time.After(60 * time.Second):
		return nil, fmt.Errorf("%s: no answer from Chromium", method)
	}
}

func (b *rawBrowser) event(session, method string, params []byte) {
	switch method {
	case "Target.attachedToTarget":
		var ev struct {
			SessionID  string
			TargetInfo struct{ TargetID, Type, URL string }
		}
		json.Unmarshal(params, &ev)
		go b.setUp(ev.SessionID, ev.TargetInfo.TargetID, ev.TargetInfo.Type)
	case "Network.responseReceived":
		var ev struct {
			RequestID string
			Response  struct {
				URL                               string
				FromServiceWorker, FromDiskCache  bool
				FromPrefetchCache, FromEarlyHints bool
			}
		}
		json.Unmarshal(params, &ev)
		r := ev.Response
		if r.FromServiceWorker || r.FromDiskCache || r.FromPrefetchCache || strings.HasPrefix(r.URL, "data:") {
			b.mu.Lock()
			b.traffic.fromCache[session+ev.RequestID] = true
			b.mu.Unlock()
		}
	case "Network.requestServedFromCache":
		var ev struct{ RequestID string }
		json.Unmarshal(params, &ev)
		b.mu.Lock()
		b.traffic.fromCache[session+ev.RequestID] = true
		b.mu.Unlock()
	case "Network.loadingFinished":
		var ev struct {
			RequestID         string
			Timestamp         float64
			EncodedDataLength float64
		}
		json.Unmarshal(params, &ev)
		b.mu.Lock()
		if b.traffic.web[session+ev.RequestID] && !b.traffic.fromCache[session+ev.RequestID] {
			b.traffic.bytes += ev.EncodedDataLength
			b.traffic.requests++
			b.traffic.done = append(b.traffic.done, finished{ev.Timestamp, ev.EncodedDataLength})
		}
		b.mu.Unlock()
	case "Network.requestWillBeSent":
		var ev struct {
			RequestID string
			Timestamp float64
			WallTime  float64
			Request   struct{ URL string }
		}
		json.Unmarshal(params, &ev)
		if !strings.HasPrefix(ev.Request.URL, "http:") && !strings.HasPrefix(ev.Request.URL, "https:") {
			return // the browser's own pages, data: URLs
		}
		b.mu.Lock()
		if b.traffic.wallOffset == 0 && ev.WallTime > 0 {
			b.traffic.wallOffset = ev.WallTime - ev.Timestamp
		}
		b.traffic.web[session+ev.RequestID] = true
		b.traffic.urls = append(b.traffic.urls, ev.Request.URL)
		b.mu.Unlock()
	}
}

// setUp readies a newly attached target — network events, throttling,
// the same for the workers it starts — and lets it run. A target can be
// attached twice (from the browser and from its page): only its first
// session is counted.
func (b *rawBrowser) setUp(session, id, kind string) {
	b.mu.Lock()
	_, twice := b.primary[id]
	if !twice {
		b.primary[id] = session
	} else {
		b.ignored[session] = true
	}
	b.mu.Unlock()
	if twice {
		b.send(session, "Runtime.runIfWaitingForDebugger", map[string]any{})
		return
	}
	type step struct {
		method string
		params any
	}
	steps := []step{{"Network.enable", map[string]any{}}}
	p := b.profile
	if p.DownKbps > 0 {
		steps = append(steps, step{"Network.emulateNetworkConditionsByRule", map[string]any{"matchedNetworkConditions": []map[string]any{{
			"urlPattern": "", "latency": p.LatencyMS,
			"downloadThroughput": p.DownKbps * 1000 / 8, "uploadThroughput": p.UpKbps * 1000 / 8,
		}}}})
	}
	if kind == "page" {
		if p.CPU > 1 {
			steps = append(steps, step{"Emulation.setCPUThrottlingRate", map[string]any{"rate": p.CPU}})
		}
		steps = append(steps, step{"Page.enable", map[string]any{}}, step{"Runtime.enable", map[string]any{}},
			step{"Page.addScriptToEvaluateOnNewDocument", map[string]any{"source": markFirstResult}})
	}
	if kind == "page" || strings.HasSuffix(kind, "worker") {
		steps = append(steps, step{"Target.setAutoAttach", map[string]any{"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}})
	}
	// A waiting worker answers some commands only once it runs: all are
	// sent at once, the last one lets it run, then the answers are read.
	steps = append(steps, step{"Runtime.runIfWaitingForDebugger", map[string]any{}})
	answers := make([]chan *cdproto.Message, len(steps))
	for i, s := range steps {
		answers[i] = b.send(session, s.method, s.params)
	}
	for i, ch := range answers {
		_, err := b.answer(steps[i].method, ch)
		if os.Getenv("KB_CDP_DEBUG") != "" {
			b.tb.Logf("%s %s %s: %v", kind, session, steps[i].method, err)
		}
		if err != nil && kind == "page" {
			b.tb.Errorf("setting up the page: %v", err)
		}
	}
	if kind == "page" {
		b.pageReady(id) <- session
	}
}

func (b *rawBrowser) pageReady(id string) chan string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := b.pages[id]
	if ch == nil {
		ch = make(chan string, 1)
		b.pages[id] = ch
	}
	return ch
}

// open makes a tab, navigates it to url and returns its session.
func (b *rawBrowser) open(url string) string {
	b.tb.Helper()
	session := b.newPage()
	if _, err := b.call(session, "Page.navigate", map[string]any{"url": url}); err != nil {
		b.tb.Fatal(err)
	}
	return session
}

// newPage makes a tab and returns its session once it is set up.
func (b *rawBrowser) newPage() string {
	b.tb.Helper()
	raw, err := b.call("", "Target.createTarget", map[string]any{"url": "about:blank"})
	if err != nil {
		b.tb.Fatal(err)
	}
	var res struct{ TargetID string }
	json.Unmarshal(raw, &res)
	select {
	case s := <-b.pageReady(res.TargetID):
		return s
	case <-time.After(30 * time.Second):
		b.tb.Fatal("the new tab was not attached")
	}
	return ""
}

// eval evaluates expr in the page of session (awaiting a promise) and
// stores the result in out.
func (b *rawBrowser) eval(session, expr string, out any) error {
	raw, err := b.call(session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	if err != nil {
		return err
	}
	var res struct {
		Result           struct{ Value json.RawMessage }
		ExceptionDetails *struct {
			Text      string
			Exception struct{ Description string }
		}
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		return fmt.Errorf("%s %s", e.Text, e.Exception.Description)
	}
	if out == nil || len(res.Result.Value) == 0 {
		return nil
	}
	return json.Unmarshal(res.Result.Value, out)
}

// poll evaluates expr until it is truthy (a number: not 0), and returns
// that value.
func (b *rawBrowser) poll(session, expr string, timeout time.Duration) (float64, error) {
	end := time.Now().Add(timeout)
	for {
		var v any
		err := b.eval(session, expr, &v)
		if err == nil {
			switch v := v.(type) {
			case float64:
				if v != 0 {
					return v, nil
				}
			case bool:
				if v {
					return 1, nil
				}
			}
		}
		if time.Now().After(end) {
			return 0, fmt.Errorf("%s: not true after %s (%v)", expr, timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sentBefore is what the host had sent when the page's clock said wallMS
// (performance.timeOrigin + performance.now(), in milliseconds): the bytes
// of the responses that had finished by then, in any target.
func (b *rawBrowser) sentBefore(wallMS float64) float64 {
	time.Sleep(300 * time.Millisecond) // events of responses that finished just before
	b.mu.Lock()
	defer b.mu.Unlock()
	until := wallMS/1000 - b.traffic.wallOffset
	n := 0.0
	for _, f := range b.traffic.done {
		if f.at <= until {
			n += f.bytes
		}
	}
	return n
}

// sent is what the host has sent so far: bytes, requests and the URLs
// asked for.
func (b *rawBrowser) sent() (float64, int, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.traffic.bytes, b.traffic.requests, append([]string(nil), b.traffic.urls...)
}
