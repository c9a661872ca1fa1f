;;; solvus.el --- Solvus mode with Eglot: diagnostics, hover, completion, live values  -*- lexical-binding: t; -*-

;; Load with (load "/path/to/examples/editors/emacs/solvus.el") in your init file. Needs Eglot
;; (built into Emacs 29; Debian's Emacs 28: apt-get install elpa-eglot) and `solvus' on
;; exec-path (or set `solvus-command').  Diagnostics show through Flymake, hover and
;; signatures through ElDoc, completion through completion-at-point (M-TAB), symbols through
;; imenu; M-x solvus-evaluate shows the values of the region (or the current line).

(require 'eglot)

(defvar solvus-command '("solvus" "--rpc")
  "How to start the Solvus server.")

(defvar solvus-initialization-options '(:timeLimit 2 :maxElements 10000000 :inlayHintLength 60)
  "Budgets for each evaluation, sent as initializationOptions (see docs/rpc.md).")

(defvar solvus-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?% "_" table)
    table))

(defvar solvus-font-lock-keywords
  `((,(regexp-opt '("if" "then" "else" "and" "or" "not" "step" "use") 'symbols) . font-lock-keyword-face)
    (,(regexp-opt '("true" "false") 'symbols) . font-lock-constant-face)
    ("^\\s-*\\(\\(?:\\sw\\|\\s_\\)+\\)\\s-*(\\([^)]*\\))\\s-*=" 1 font-lock-function-name-face)
    ("^\\s-*\\(\\(?:\\sw\\|\\s_\\)+\\)\\s-*=[^=]" 1 font-lock-variable-name-face)))

;;;###autoload
(define-derived-mode solvus-mode prog-mode "Solvus"
  "Major mode for Solvus, the units-aware language for the thermodynamics of mixing."
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*")
  (setq-local font-lock-defaults '(solvus-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.solvus\\'" . solvus-mode))

(add-to-list 'eglot-server-programs
             `(solvus-mode . (,@solvus-command :initializationOptions ,solvus-initialization-options)))
(add-hook 'solvus-mode-hook #'eglot-ensure)

(defun solvus-evaluate (start end)
  "Show the values of the statements between START and END (the region, or the line)."
  (interactive (if (use-region-p) (list (region-beginning) (region-end))
                 (list (line-beginning-position) (line-end-position))))
  (let* ((server (eglot--current-server-or-lose))
         (result (jsonrpc-request server :solvus/evaluate
                                  (list :uri (eglot--path-to-uri (buffer-file-name))
                                        :range (list :start (eglot--pos-to-lsp-position start)
                                                     :end (eglot--pos-to-lsp-position end)))))
         (lines (mapcar (lambda (v)
                          (concat (if (plist-get v :name) (concat (plist-get v :name) " = ") "")
                                  (plist-get v :text)))
                        (plist-get result :values))))
    (message "%s" (concat (string-join lines "\n") (plist-get result :output)))))

(provide 'solvus)
;;; solvus.el ends here
