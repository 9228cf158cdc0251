// Taking or choosing the photo.
export default [];
