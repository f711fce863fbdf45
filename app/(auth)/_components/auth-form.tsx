import { buttonClass, FormAlert } from "@/app/_components/ui";

/**
 * The frame of the sign-in and first-run forms: their fields, the form's error, and one
 * full-width submit button that says what it is doing while the form is sent.
 */
export function AuthForm({
  onSubmit,
  formError,
  isSubmitting,
  submit,
  children,
}: {
  onSubmit: React.FormEventHandler<HTMLFormElement>;
  formError: string | null;
  isSubmitting: boolean;
  /** The button's words, and what it says while the form is sent. */
  submit: { label: string; pending: string };
  children: React.ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      {children}
      <FormAlert message={formError} />
      <button type="submit" className={`${buttonClass} w-full`} disabled={isSubmitting}>
        {isSubmitting ? submit.pending : submit.label}
      </button>
    </form>
  );
}
