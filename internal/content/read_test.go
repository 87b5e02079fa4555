package content

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// loadWithin runs Load on fsys and fails the test, instead of hanging it,
// when Load does not return within ten seconds.
func loadWithin(t *testing.T, dir string) error {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	done := make(chan error, 1)
	go func() {
		_, err := Load(root.FS())
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Load did not return within 10 s: it opened a file that blocks")
		return nil
	}
}

// TestSpecialFilesAreNotOpened puts a FIFO where the loader reads a page,
// a plain page and each data file, on the real file system (through
// os.Root, as kb does). Opening a FIFO blocks until something writes to
// it, so Load must refuse each one by its type, unopened, and name it.
func TestSpecialFilesAreNotOpened(t *testing.T) {
	for _, name := range []string{"elementen/x.md", "x.md", "site.yaml", "bronnen.yaml", "synoniemen.yaml"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "elementen"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "elementen", "maatwerk.md"), []byte(goodElement), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(name)), 0o644); err != nil {
				t.Fatalf("cannot make a FIFO for the test: %v", err)
			}
			err := loadWithin(t, dir)
			want := name + ": dit is geen gewoon bestand maar een FIFO (named pipe); verwijder het of geef het een andere naam"
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("got %v\nwant %q", err, want)
			}
		})
	}
}

// TestHugeSparseFileIsNotRead gives the loader a 1.5 GB sparse page: it
// must be refused from its size, without reading it into memory.
func TestHugeSparseFileIsNotRead(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"groot.md", "site.yaml"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(1.5 * (1 << 30)); err != nil {
			f.Close()
			t.Fatalf("cannot make a sparse file for the test: %v", err)
		}
		f.Close()
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := loadWithin(t, dir)
	runtime.ReadMemStats(&after)
	for _, want := range []string{
		"groot.md: het bestand is te groot (1,5 GB; de grens is 1024 KB): splits het op",
		"site.yaml: het bestand is te groot (1,5 GB; de grens is 1024 KB): splits het op",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant %q", err, want)
		}
	}
	if read := after.TotalAlloc - before.TotalAlloc; read > 100<<20 {
		t.Errorf("Load allocated %d MB for a file it refuses", read>>20)
	}
}

// TestSpecialFileTypesAreNamed covers the types a test cannot make on
// disk without privileges (a device), through a file system that reports
// them: each is refused with what it is, and never opened.
func TestSpecialFileTypesAreNamed(t *testing.T) {
	for _, tt := range []struct {
		name string
		mode os.FileMode
		want string
	}{
		{"z.md", os.ModeDevice | os.ModeCharDevice, "z.md: dit is geen gewoon bestand maar een apparaat; verwijder het"},
		{"voorbeelden/s.md", os.ModeSocket, "voorbeelden/s.md: dit is geen gewoon bestand maar een socket"},
		{"site.yaml", os.ModeDevice, "site.yaml: dit is geen gewoon bestand maar een apparaat"},
		{"bronnen.yaml", os.ModeDir, "bronnen.yaml: dit is geen gewoon bestand maar een map"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{tt.name: &fstest.MapFile{Mode: tt.mode, Data: []byte(goodElement)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v\nwant %q", err, tt.want)
			}
		})
	}
}

// growingFS reports a small size for every file but gives more bytes
// than that when read: a file that grew after it was looked at.
type growingFS struct{ fstest.MapFS }

type smallInfo struct{ os.FileInfo }

func (smallInfo) Size() int64 { return 10 }

func (g growingFS) Stat(name string) (os.FileInfo, error) {
	info, err := g.MapFS.Stat(name)
	if err != nil {
		return nil, err
	}
	return smallInfo{info}, nil
}

// TestGrowingFileIsCutOff checks that the read itself is limited: a file
// that claims to be small but is not is still refused as too big.
func TestGrowingFileIsCutOff(t *testing.T) {
	big := goodElement + strings.Repeat("a", 2*MaxFileSize)
	_, err := Load(growingFS{fstest.MapFS{"elementen/maatwerk.md": file(big), "site.yaml": file("title: x\n" + strings.Repeat("#", 2*MaxFileSize))}})
	for _, want := range []string{
		"elementen/maatwerk.md: het bestand is te groot (meer dan 1024 KB; de grens is 1024 KB): splits het op",
		"site.yaml: het bestand is te groot (meer dan 1024 KB",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant %q", err, want)
		}
	}
}
