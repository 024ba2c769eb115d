// The order page's interactive 3D view: three.js (from npm, served locally) shows the
// customer's STL; drag to turn, scroll to zoom. Without WebGL the preview image stays.
import * as THREE from "three";
import { STLLoader } from "/console/static/vendor/three/STLLoader.js";
import { OrbitControls } from "/console/static/vendor/three/OrbitControls.js";

function show(box) {
  const width = box.clientWidth, height = box.clientHeight;
  let renderer;
  try {
    renderer = new THREE.WebGLRenderer({ antialias: true });
  } catch (error) {
    box.textContent = "3D view unavailable in this browser.";
    return;
  }
  renderer.setSize(width, height);
  renderer.setClearColor(0xf4f6f8);
  box.appendChild(renderer.domElement);
  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera(40, width / height, 0.1, 1e6);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x667788, 2.2));
  const light = new THREE.DirectionalLight(0xffffff, 1.5);
  light.position.set(1, 2, 3);
  scene.add(light);
  const controls = new OrbitControls(camera, renderer.domElement);
  new STLLoader().load(box.dataset.model, (geometry) => {
    geometry.computeBoundingSphere();
    geometry.center();
    const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: 0x3b82f6, metalness: 0.1, roughness: 0.6 }));
    mesh.rotation.x = -Math.PI / 2; // CAD is Z-up, three.js is Y-up
    scene.add(mesh);
    const r = geometry.boundingSphere.radius;
    camera.position.set(r * 1.8, r * 1.4, r * 1.8);
    camera.lookAt(0, 0, 0);
    box.dataset.loaded = "true";
  });
  renderer.setAnimationLoop(() => { controls.update(); renderer.render(scene, camera); });
}

function start() {
  const box = document.getElementById("viewer");
  if (box && !box.dataset.started) {
    box.dataset.started = "true";
    show(box);
  }
}
start();
// An action swaps the order panel in place; the new panel gets its own view.
document.body.addEventListener("htmx:afterSwap", start);
