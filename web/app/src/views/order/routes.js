// Prints and mailing, the order, payment, and what the student sees after.
export default [];
