import { redirect } from "next/navigation";

/** The matrix is the home page. */
export default function Home() {
  redirect("/matrix");
}
