// Package export writes a subject access export: one zip archive with
// everything Gatehouse holds about a profile, readable by a person (an
// HTML index) and by a program (JSON in the API's own shapes), with every
// document's original bytes.
//
//	index.html          what the archive holds, with links
//	data.json           the profile as GET /4.0/profiles/{id} answers it
//	decisions.json      each application's status history: who decided
//	                    what, when, and why (the comment holds the reason)
//	checks.json         the checks with their inputs and results
//	events.json         screening matches and their resolutions
//	notes.json          the task notes
//	audit.json          the audit trail
//	documents.json      the documents: id, name, type, size, SHA-256, path
//	documents/images/   the uploaded images' original bytes
//	documents/files/    the uploaded files' original bytes
package export

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"time"

	"github.com/gatehouse/gatehouse/internal/kyc"
	"github.com/gatehouse/gatehouse/internal/passfort"
)

// Document is one entry of documents.json.
type Document struct {
	Kind      string `json:"kind"` // "image" or "file"
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Path      string `json:"path"`
	Uploaded  string `json:"uploaded"`
}

// Decision is one entry of an application's history in decisions.json.
type Decision struct {
	Status     string `json:"status"`
	Date       string `json:"date"`
	Decisioner string `json:"decisioner,omitempty"`
	Comment    string `json:"comment,omitempty"`
}

// Application is one entry of decisions.json.
type Application struct {
	ID      string     `json:"id"`
	Product string     `json:"product"`
	Status  string     `json:"status"`
	History []Decision `json:"history"`
}

// Write writes e as a zip archive to w. It reads every document through
// e.Open, which checks the bytes against their recorded SHA-256.
func Write(ctx context.Context, e *kyc.SubjectExport, w io.Writer, now time.Time) error {
	p := e.Profile
	z := zip.NewWriter(w)
	add := func(name string, v any) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	apps := make([]Application, 0, len(p.Applications))
	for _, a := range p.Applications {
		ap := Application{ID: a.ID, Product: a.Product.Name, Status: string(a.Status), History: []Decision{}}
		for _, h := range a.History {
			d := Decision{Status: string(h.Status), Date: passfort.FormatDateTime(h.Date), Comment: h.Comment}
			if h.Decisioner != nil {
				d.Decisioner = h.Decisioner.Name
			}
			ap.History = append(ap.History, d)
		}
		apps = append(apps, ap)
	}
	notes := make([]passfort.Note, len(e.Notes))
	for i := range e.Notes {
		notes[i] = passfort.FromNote(&e.Notes[i])
	}
	docs, err := writeDocuments(ctx, e, z, now)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    any
	}{
		{"data.json", passfort.FromProfile(p, false)},
		{"decisions.json", apps},
		{"checks.json", passfort.FromChecks(p.Checks)},
		{"events.json", passfort.FromEvents(p.Events)},
		{"notes.json", notes},
		{"audit.json", passfort.FromAuditItems(e.Audit)},
		{"documents.json", docs},
	} {
		if err := add(f.name, f.v); err != nil {
			return fmt.Errorf("export: %s: %w", f.name, err)
		}
	}
	f, err := z.CreateHeader(&zip.FileHeader{Name: "index.html", Method: zip.Deflate, Modified: now})
	if err != nil {
		return err
	}
	if err := index.Execute(f, indexData{Profile: p, Generated: passfort.FormatDateTime(now), Applications: apps,
		Documents: docs, Checks: len(p.Checks), Events: len(p.Events), Notes: len(e.Notes), Audit: e.Audit}); err != nil {
		return fmt.Errorf("export: index.html: %w", err)
	}
	return z.Close()
}

// writeDocuments copies every image and file of the profile into the
// archive, named by id (the uploaded name is in documents.json: a name
// never becomes a path).
func writeDocuments(ctx context.Context, e *kyc.SubjectExport, z *zip.Writer, now time.Time) ([]Document, error) {
	docs := []Document{}
	copyOne := func(kind, dir, id, name string, c kyc.Content, at time.Time) error {
		path := dir + id + extension(c.MediaType)
		rc, err := e.Open(ctx, c)
		if err != nil {
			return err
		}
		defer rc.Close()
		f, err := z.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Store, Modified: now})
		if err != nil {
			return err
		}
		if _, err := io.Copy(f, rc); err != nil {
			return fmt.Errorf("export: %s %s: %w", kind, id, err)
		}
		if err := rc.Close(); err != nil {
			return fmt.Errorf("export: %s %s: %w", kind, id, err)
		}
		docs = append(docs, Document{Kind: kind, ID: id, Name: name, MediaType: c.MediaType, Size: c.Size,
			SHA256: c.SHA256, Path: path, Uploaded: passfort.FormatDateTime(at)})
		return nil
	}
	for _, im := range e.Profile.Images {
		if err := copyOne("image", "documents/images/", im.ID, im.Name, im.Content, im.UploadedAt); err != nil {
			return nil, err
		}
	}
	for _, f := range e.Files {
		if err := copyOne("file", "documents/files/", f.ID, f.Name, f.Content, f.UploadedAt); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// extension names a document's file in the archive by its sniffed type.
func extension(mediaType string) string {
	switch mediaType {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "application/pdf":
		return ".pdf"
	}
	return ".bin"
}

type indexData struct {
	Profile      *kyc.Profile
	Generated    string
	Applications []Application
	Documents    []Document
	Checks       int
	Events       int
	Notes        int
	Audit        []kyc.AuditItem
}

// index is the archive's index.html: html/template escapes every value,
// so data cannot inject markup into the page.
var index = template.Must(template.New("index").Funcs(template.FuncMap{
	"datetime": func(t any) string {
		switch t := t.(type) {
		case time.Time:
			return passfort.FormatDateTime(t)
		case *time.Time:
			if t != nil {
				return passfort.FormatDateTime(*t)
			}
		}
		return ""
	},
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Data held about profile {{.Profile.ID}}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>
</head><body>
<h1>{{if .Profile.DisplayName}}{{.Profile.DisplayName}}{{else}}Profile {{.Profile.ID}}{{end}}</h1>
<p>Everything held about this profile on {{.Generated}} (UTC). Profile id {{.Profile.ID}},
role {{.Profile.Role}}, created {{datetime .Profile.CreatedAt}}.{{if .Profile.ErasedAt}}
The profile was erased on {{datetime .Profile.ErasedAt}}: its personal data no longer exists.{{end}}</p>
<h2>Files in this archive</h2>
<ul>
<li><a href="data.json">data.json</a>: the personal data collected, with the profile's tasks and applications</li>
<li><a href="decisions.json">decisions.json</a>: decisions on each application, with their reasons</li>
<li><a href="checks.json">checks.json</a>: {{.Checks}} checks, with what was checked and the results</li>
<li><a href="events.json">events.json</a>: {{.Events}} screening matches and how they were resolved</li>
<li><a href="notes.json">notes.json</a>: {{.Notes}} notes</li>
<li><a href="audit.json">audit.json</a>: {{len .Audit}} entries of the audit trail</li>
<li><a href="documents.json">documents.json</a>: the documents listed below</li>
</ul>
<h2>Decisions</h2>
{{range .Applications}}<h3>{{.Product}}: {{.Status}}</h3>
<table><tr><th>Date</th><th>Status</th><th>By</th><th>Reason or comment</th></tr>
{{range .History}}<tr><td>{{.Date}}</td><td>{{.Status}}</td><td>{{.Decisioner}}</td><td>{{.Comment}}</td></tr>
{{end}}</table>
{{else}}<p>No applications.</p>{{end}}
<h2>Documents</h2>
{{if .Documents}}<table><tr><th>File</th><th>Name given</th><th>Type</th><th>Size</th><th>SHA-256</th></tr>
{{range .Documents}}<tr><td><a href="{{.Path}}">{{.Path}}</a></td><td>{{.Name}}</td><td>{{.MediaType}}</td><td>{{.Size}}</td><td><code>{{.SHA256}}</code></td></tr>
{{end}}</table>{{else}}<p>No documents.</p>{{end}}
<h2>Audit trail</h2>
<table><tr><th>When</th><th>Action</th><th>By</th><th>Details</th></tr>
{{range .Audit}}<tr><td>{{datetime .Timestamp}}</td><td>{{.Action}}</td><td>{{if .User}}{{.User.Name}}{{else}}{{.APIKeyName}}{{end}}</td><td>{{.Message}}</td></tr>
{{end}}</table>
</body></html>
`))
