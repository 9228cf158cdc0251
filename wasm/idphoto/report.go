package idphoto

import (
	"image"
	"time"
)

// Code names a reason a photo was refused or a warning about it. Codes are
// stable: the app and the server switch on them.
type Code string

// Reasons for refusing a photo.
const (
	NoFace             Code = "no_face"
	MultipleFaces      Code = "multiple_faces"
	FaceTooSmall       Code = "face_too_small"
	HeadCropped        Code = "head_cropped"
	BackgroundNotPlain Code = "background_not_plain"
	LowContrast        Code = "low_contrast"
	TooDark            Code = "too_dark"
	TooBright          Code = "too_bright"
	Blurry             Code = "blurry"
	UnsupportedFormat  Code = "unsupported_format"
	TooLarge           Code = "too_large"
)

// Warnings: the photo was made, but the student may want to retake it.
const (
	HeadTilted    Code = "head_tilted"
	EyesClosed    Code = "eyes_closed"
	UnevenLight   Code = "uneven_light"
	FaceOffCenter Code = "face_off_center"
)

// Message tells the student what is wrong and what to do, in Chinese and
// English: "脸部太小，请靠近一些 / Your face is too small: step closer".
type Message struct {
	Code Code   `json:"code"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// messages holds the words for every code.
var messages = map[Code][2]string{
	NoFace:             {"没有检测到人脸，请正对镜头", "No face found: face the camera"},
	MultipleFaces:      {"检测到多张人脸，请只让一个人入镜", "More than one face: only one person may be in the picture"},
	FaceTooSmall:       {"脸部太小，请靠近一些", "Your face is too small: step closer"},
	HeadCropped:        {"头部或肩膀太靠近画面边缘，请后退一些并把头肩放进人形框", "Your head or shoulders are too close to the edge: step back and fit them in the frame"},
	BackgroundNotPlain: {"背景不是纯色，请站在一面纯色的墙前拍摄", "The background is not plain: stand in front of a plain wall"},
	LowContrast:        {"衣服或头发与背景颜色太接近，请换一件颜色不同的衣服或换一面墙", "Your clothes or hair are too close to the background colour: change clothes or wall"},
	TooDark:            {"照片太暗，请到光线充足的地方拍摄", "The photo is too dark: find more light"},
	TooBright:          {"照片过曝，请避开强光", "The photo is overexposed: avoid strong light"},
	Blurry:             {"照片模糊，请保持手机稳定并对焦", "The photo is blurry: hold the phone still and let it focus"},
	UnsupportedFormat:  {"无法识别的图片格式，请使用 JPEG、PNG 或 WebP 照片", "Unrecognised image: use a JPEG, PNG or WebP photo"},
	TooLarge:           {"图片尺寸过大（最多5000万像素）", "The image is too large (at most 50 megapixels)"},
	HeadTilted:         {"头部有些倾斜，已自动摆正；如不满意请端正头部重拍", "Your head was tilted and has been straightened: retake with your head upright if you prefer"},
	EyesClosed:         {"可能闭眼了，请睁开眼睛重拍", "Your eyes may be closed: retake with your eyes open"},
	UnevenLight:        {"脸部光照不均匀，请在光线均匀的地方拍摄", "The light on your face is uneven: find even light"},
	FaceOffCenter:      {"脸部没有居中，请把脸放在人形框中间", "Your face is off centre: put it in the middle of the frame"},
	MoveCloser:         {"请靠近一些，让头部填满人形框", "Move closer: fill the silhouette with your head"},
	MoveBack:           {"请后退一些，头顶和肩膀要在框内", "Move back: keep the top of your head and your shoulders in the frame"},
	CenterFace:         {"请把脸放在人形框中间", "Centre your face in the silhouette"},
	LightOnSide:        {"光线来自一侧，请面向光源", "The light comes from one side: face the light"},
}

// Msg returns the message for code.
func Msg(code Code) Message {
	m := messages[code]
	return Message{Code: code, ZH: m[0], EN: m[1]}
}

// Report is what the engine says about one photo, as JSON.
type Report struct {
	OK         bool             `json:"ok"`
	Preset     string           `json:"preset"`
	Reasons    []Message        `json:"reasons"`
	Warnings   []Message        `json:"warnings"`
	Geometry   *Geometry        `json:"geometry,omitempty"`
	Background *BackgroundStats `json:"background,omitempty"`
	Output     *OutputInfo      `json:"output,omitempty"`
	Timings    []Timing         `json:"timings"`
}

// Geometry is what was measured, in the pixels of the output photo (and,
// for the input, of the oriented input).
type Geometry struct {
	InputWidth  int             `json:"input_width"`
	InputHeight int             `json:"input_height"`
	FaceBox     image.Rectangle `json:"face_box"`   // in the output
	LeftPupil   Point           `json:"left_pupil"` // the subject's left, in the output
	RightPupil  Point           `json:"right_pupil"`
	Crown       int             `json:"crown"`      // top of the hair, rows from the top
	EyeLine     int             `json:"eye_line"`   // rows from the top
	FaceWidth   int             `json:"face_width"` // cheek to cheek, pixels
	Roll        float64         `json:"roll"`       // degrees the input was turned to level the eyes
	Scale       float64         `json:"scale"`      // output pixels per input pixel
	// FaceWidthSource says how FaceWidth was found: "cheeks" (measured)
	// or "box" (estimated from the face box when the cheeks could not be
	// measured). A note, not a warning.
	FaceWidthSource WidthSource `json:"face_width_source"`
}

// Point is a position in pixels.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// BackgroundStats describe the wall behind the student.
type BackgroundStats struct {
	Mean     [3]float64 `json:"mean"`     // RGB of the fitted background
	Residual float64    `json:"residual"` // spread around the fitted surface (0-255 scale)
	Plain    bool       `json:"plain"`
}

// OutputInfo is the finished file.
type OutputInfo struct {
	Width   int `json:"width"`
	Height  int `json:"height"`
	Bytes   int `json:"bytes"`
	DPI     int `json:"dpi"`
	Quality int `json:"quality"`
}

// Timing is how long one stage took.
type Timing struct {
	Stage string        `json:"stage"`
	Took  time.Duration `json:"-"`
	MS    float64       `json:"ms"`
}
