package partner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/integration"
	"github.com/gatehouse/gatehouse/internal/kyc"
)

// A document fetch's integration returns the documents it fetched with
// their images named by provider_reference, to be downloaded with POST
// /download_file (the protocol's "Download Document File"). Gatehouse
// downloads each such image when the result arrives, stores it in the
// documents store as an image of the profile, and refers to it from the
// check's output by id (keeping provider_reference), so that the images
// are the profile's like any uploaded image, encrypted and audited.

// dateTimeLayout is the contract's DateTime.
const dateTimeLayout = "2006-01-02 15:04:05"

// fetched is what downloading a result's images came to.
type fetched struct {
	output json.RawMessage
	images []kyc.DocumentImage
	// errors are the images that could not be had, one each.
	errors []kyc.CheckError
}

// fetchImages downloads the images a document fetch's outcome names by
// provider_reference and returns the outcome referring to them, with the
// images to record (kyc.CheckOutcome.Images). A download that got no
// answer is an error to retry the job with, except on its last attempt
// (final); an image the integration refuses, or that Gatehouse does not
// store (a type other than JPEG, PNG or PDF, over the size limit), ends
// the check as Error naming it, keeping the result's documents and the
// images that were downloaded.
func (p *Provider) fetchImages(ctx context.Context, c *conn, req kyc.CheckRequest, st *kyc.ProviderCheck, o kyc.CheckOutcome, final bool) (kyc.CheckOutcome, error) {
	if c.cfg.CheckType != integration.DocumentFetch || len(o.Output) == 0 {
		return o, nil
	}
	f, err := p.download(ctx, c, req, st, o.Output, final)
	if err != nil {
		return o, err
	}
	if len(f.images) == 0 && len(f.errors) == 0 {
		return o, nil
	}
	o.Output, o.Images = f.output, f.images
	if len(f.errors) > 0 {
		o.Result, o.Errors = "Error", append(o.Errors, f.errors...)
	}
	return o, nil
}

// download fetches each image of the output's documents that has a
// provider_reference and no id.
func (p *Provider) download(ctx context.Context, c *conn, req kyc.CheckRequest, st *kyc.ProviderCheck, output json.RawMessage, final bool) (*fetched, error) {
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(output))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("partner: the check's output cannot be read again: %w", err)
	}
	docs, _ := out["documents"].([]any)
	f := &fetched{}
	fail := func(at, ref, reason string, info map[string]any) {
		if info == nil {
			info = map[string]any{}
		}
		info["field"], info["provider_reference"] = at, ref
		f.errors = append(f.errors, kyc.CheckError{Code: 303, Source: "PROVIDER", Info: info,
			Message: "The document image " + at + " could not be downloaded: " + reason})
	}
	for i, d := range docs {
		doc, _ := d.(map[string]any)
		images, _ := doc["images"].([]any)
		for j, x := range images {
			img, _ := x.(map[string]any)
			ref, _ := img["provider_reference"].(string)
			if id, _ := img["id"].(string); ref == "" || id != "" {
				continue
			}
			at := fmt.Sprintf("documents[%d].images[%d]", i, j)
			imageType, _ := img["image_type"].(string)
			if imageType != "FRONT" && imageType != "BACK" && imageType != "FACE" {
				fail(at, ref, "its image_type is not FRONT, BACK or FACE, which a download must name", nil)
				continue
			}
			file, err := c.client.DownloadFile(ctx, integration.DownloadRequest{CheckID: req.CheckID, FileReference: ref,
				DownloadInfo:           integration.DownloadInfo{DownloadType: "IMAGE", ImageType: imageType},
				CommercialRelationship: c.settings.CommercialRelationship, ProviderConfig: c.request(req).ProviderConfig,
				ProviderCredentials: c.creds, CustomData: st.CustomData})
			if err != nil {
				ce := integration.AsCallError(err)
				if ce != nil && ce.Temporary() && !final {
					return nil, ce.KYCError()
				}
				reason, info := err.Error(), map[string]any(nil)
				if ce != nil {
					e := ce.CheckError()
					reason, info = ce.Reason, e.Info
				}
				fail(at, ref, reason, info)
				continue
			}
			content, err := p.Service.PutContent(ctx, kyc.System(req.InstitutionID), req.ProfileID, bytes.NewReader(file.Data))
			switch {
			case err == nil:
			case kyc.IsCode(err, kyc.EInvalid) || kyc.IsCode(err, kyc.ETooLarge) || kyc.IsCode(err, kyc.EProcessNotSetup):
				fail(at, ref, "Gatehouse does not store it: "+refusal(err), map[string]any{"content_type": file.ContentType})
				continue
			default:
				if !final {
					return nil, err
				}
				fail(at, ref, "it could not be stored", nil)
				continue
			}
			category, _ := doc["category"].(string)
			docType, _ := doc["document_type"].(string)
			im := kyc.DocumentImage{ID: kyc.NewID(), ProfileID: req.ProfileID, ImageType: imageType, DocumentType: docType,
				DocumentCategory: category, Content: content, UploadedAt: p.now()}
			im.Name = fileName(file.Name, im.ID, content.MediaType)
			img["id"], img["upload_date"], img["encrypted_data"] = im.ID, im.UploadedAt.Format(dateTimeLayout), map[string]any{}
			f.images = append(f.images, im)
		}
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	f.output = raw
	return f, nil
}

// fileName is the name an image downloaded from an integration is kept
// under: its File-Name, bounded to a line of text, or one made of its id.
func fileName(given, id, mediaType string) string {
	if given == "unknown" || !utf8.ValidString(given) {
		given = ""
	}
	given = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, given)
	for len(given) > 255 {
		_, n := utf8.DecodeLastRuneInString(given)
		given = given[:len(given)-n]
	}
	if strings.TrimSpace(given) != "" {
		return given
	}
	ext := map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}[mediaType]
	return id + ext
}

// refusal is why the documents service refused content: the reason of a
// refused field ("is not a JPEG, PNG or PDF file…"), else the message.
func refusal(err error) string {
	var ke *kyc.Error
	if errors.As(err, &ke) {
		if r, ok := ke.Info["reason"].(string); ok && r != "" {
			return "its data " + r
		}
		return ke.Message
	}
	return err.Error()
}
