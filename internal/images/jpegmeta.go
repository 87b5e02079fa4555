package images

import "encoding/binary"

// A photo from a phone carries EXIF data: the camera, the time and often
// the place it was taken (GPS). On a site about families and their
// neighbourhood that place must not be published, so a JPEG's metadata
// segments are left out of the published file (see stripJPEGMetadata); the
// orientation, which is EXIF too, is applied to the pixels instead.

// jpegSegments calls f for each marker segment of a JPEG before the image
// data (start of scan), with the marker and the segment's bytes from the
// 0xFF up to the next segment. It stops when f returns false or the data
// ends; ok is false when the segments are not well formed.
func jpegSegments(data []byte, f func(marker byte, seg []byte) bool) (rest int, ok bool) {
	i := 2 // after SOI
	for i+4 <= len(data) {
		if data[i] != 0xFF {
			return i, false
		}
		m := data[i+1]
		if m == 0xFF { // fill byte
			i++
			continue
		}
		if m == 0xDA { // start of scan: the image data follows
			return i, true
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return i, false
		}
		if !f(m, data[i:i+2+n]) {
			return i, true
		}
		i += 2 + n
	}
	return i, false
}

// jpegOrientation reads the EXIF orientation (1–8) of a JPEG, 1 when it
// has none.
func jpegOrientation(data []byte) int {
	o := 1
	jpegSegments(data, func(m byte, seg []byte) bool {
		if m != 0xE1 || len(seg) < 10 || string(seg[4:10]) != "Exif\x00\x00" {
			return true
		}
		o = tiffOrientation(seg[10:])
		return false
	})
	return o
}

// tiffOrientation finds tag 0x0112 in the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[off:]))
	for k := 0; k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// stripJPEGMetadata returns data without the segments that describe the
// photo rather than draw it: EXIF and XMP (APP1), IPTC (APP13) and
// comments. The colour profile (APP2), JFIF (APP0) and Adobe (APP14)
// segments stay, and the image data is not touched. ok is false when the
// segments could not be read; the caller then keeps nothing of the file.
func stripJPEGMetadata(data []byte) ([]byte, bool) {
	out := make([]byte, 0, len(data))
	out = append(out, data[:2]...)
	dropped := false
	rest, ok := jpegSegments(data, func(m byte, seg []byte) bool {
		switch m {
		case 0xE1, 0xED, 0xFE:
			dropped = true
		default:
			out = append(out, seg...)
		}
		return true
	})
	if !ok {
		return nil, false
	}
	if !dropped {
		return data, true
	}
	return append(out, data[rest:]...), true
}
